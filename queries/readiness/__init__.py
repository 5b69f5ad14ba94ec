"""Plan readiness (预案可达性): can today's registry meet what a plan prescribes, in time?

For a plan x region x response level: every prescription of the plan at that level
(capabilities and team types with a number of units, named teams, equipment with a
quantity, named experts) is checked against the units that could reach the region's
central point within the plan's time standard, given today's statuses. Modules:

- ``model``     the typed inputs and results (frozen dataclasses);
- ``standards`` time standards per response level and other documented constants;
- ``assess``    the pure check of one region (vectorised ETAs, ties by id);
- ``graph``     the Cypher reads: plans, regions, supply (teams, equipment, experts);
- ``matrix``    ``plan_readiness`` and ``readiness_matrix`` (reads + assess);
- ``national``  ``readiness_everywhere``: every province's matrix from one supply read;
- ``alerts``    readiness alerts: which change broke which prescription, since when;
- ``report``    the planning-meeting report (HTML; PDF by headless Chromium).

Example::

    m = await readiness_matrix(runner, hazard="11C02", level=ResponseLevel.I,
                               province="510000")
    [(r.region.id, r.share_met) for r in m.regions][:3]
"""
