"""cscwatch.web"""
