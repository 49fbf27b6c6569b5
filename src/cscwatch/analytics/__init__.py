"""cscwatch.analytics"""
