"""cscwatch.search"""
