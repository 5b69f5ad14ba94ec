"""The offline basemap: built once from registry packages, then served as static files.

``python -m api.basemap.build`` (the Makefile's ``basemap`` step) writes
``api/static/data/basemap/``; ``api/static/js/basemap.js`` draws it. See the README's
"Regions and geography".
"""
