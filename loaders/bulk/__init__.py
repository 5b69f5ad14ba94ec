"""Bulk load: validated files into an empty local store through Neo4j's offline importer.

``run.bulk_load`` is the entry point (``emkg load --bulk``); ``export`` validates the
files as every load does and writes the importer's CSV files (``tables``,
``columns``); validation verdicts are remembered per value (``loaders.verdicts``).

Example::

    from loaders.bulk.run import bulk_load
    from loaders.bulk.export import BulkFile
    result = bulk_load(settings, [BulkFile(Path("var/national/teams.jsonl"), "teams")])
"""
