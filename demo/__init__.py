"""
The demo catalogue: Thomas Pesquet's missions, their crews and expeditions, a subject hierarchy
and painted photos, loaded by `manage.py load_demo`. No product app imports it.
"""
