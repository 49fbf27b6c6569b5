"""cscwatch.registry"""
