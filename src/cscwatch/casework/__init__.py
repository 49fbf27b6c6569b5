"""cscwatch.casework"""
