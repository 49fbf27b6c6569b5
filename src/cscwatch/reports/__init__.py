"""cscwatch.reports"""
