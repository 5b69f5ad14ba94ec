"""A small hand-built graph for readiness tests (written with Cypher by the test itself).

Province 900000 with two counties: 900101 at (30.0, 104.0), flat; 900102 at (32.5, 104.0),
in the Longmen-Min mountain box (ground travel x 1.6). 1 degree of latitude = 111.195 km.

Plan P-T1 (applies to 900000, time standard 120 min) at level I prescribes
capability cap.x x 3, named team A, 6 pumps (eq.pump) and named expert X1; at level II
cap.x x 1. The national plan P-T0 prescribes one team of type tt.b at level I.
"""

from __future__ import annotations

from neo4j import Driver

SMALL_GRAPH = """
CREATE (prov:Region {id: '900000', nameZh: '测试省', nameEn: 'Test Province', rank: 'province',
                     location: point({latitude: 31.0, longitude: 104.0})})
CREATE (city:Region {id: '900100', nameZh: '测试市', nameEn: 'Test City', rank: 'city',
                     location: point({latitude: 31.0, longitude: 104.0})})-[:PART_OF]->(prov)
CREATE (r1:Region {id: '900101', nameZh: '平原县', nameEn: 'Plain County', rank: 'county',
                   location: point({latitude: 30.0, longitude: 104.0})})-[:PART_OF]->(city)
CREATE (r2:Region {id: '900102', nameZh: '山区县', nameEn: 'Mountain County', rank: 'county',
                   location: point({latitude: 32.5, longitude: 104.0})})-[:PART_OF]->(city)
MERGE (h:HazardType {id: '11C02'}) ON CREATE SET h.nameZh = '地震', h.nameEn = 'Earthquake'
CREATE (x:Capability {id: 'cap.x', nameZh: 'X能力', nameEn: 'Capability X'})
CREATE (ta:TeamType {id: 'tt.a', nameZh: '甲类队伍', nameEn: 'Type A'})
CREATE (tb:TeamType {id: 'tt.b', nameZh: '乙类队伍', nameEn: 'Type B'})
CREATE (pump:EquipmentType {id: 'eq.pump', nameZh: '排涝泵', nameEn: 'Pump'})
CREATE (a:Team {id: 'A', nameZh: '甲队', nameEn: 'Team A', status: 'available',
                mobility: 'ground', readinessMinutes: 10,
                location: point({latitude: 30.5, longitude: 104.0})})-[:OF_TYPE]->(ta)
CREATE (b:Team {id: 'B', nameZh: '乙队', nameEn: 'Team B', status: 'standby',
                mobility: 'ground', readinessMinutes: 20,
                location: point({latitude: 31.0, longitude: 104.0})})-[:OF_TYPE]->(tb)
CREATE (c:Team {id: 'C', nameZh: '丙队', nameEn: 'Team C', status: 'available',
                mobility: 'air', readinessMinutes: 15,
                location: point({latitude: 31.0, longitude: 104.0})})-[:OF_TYPE]->(ta)
CREATE (d:Team {id: 'D', nameZh: '丁队', nameEn: 'Team D', status: 'deployed',
                mobility: 'ground', readinessMinutes: 10,
                location: point({latitude: 30.2, longitude: 104.0})})-[:OF_TYPE]->(ta)
CREATE (a)-[:HAS_CAPABILITY {level: 2}]->(x), (b)-[:HAS_CAPABILITY {level: 3}]->(x),
       (c)-[:HAS_CAPABILITY {level: 1}]->(x), (d)-[:HAS_CAPABILITY {level: 2}]->(x)
CREATE (dp:Depot {id: 'DP1', nameZh: '一号库', nameEn: 'Depot 1',
                  location: point({latitude: 30.1, longitude: 104.0})})
CREATE (dp)-[:HAS_EQUIPMENT]->(:Equipment {id: 'E1', nameZh: '泵组1', nameEn: 'Pumps 1',
         quantity: 3, status: 'ready', location: point({latitude: 30.1, longitude: 104.0})})
         -[:OF_TYPE]->(pump)
CREATE (dp)-[:HAS_EQUIPMENT]->(:Equipment {id: 'E2', nameZh: '泵组2', nameEn: 'Pumps 2',
         quantity: 5, status: 'maintenance', location: point({latitude: 30.1, longitude: 104.0})})
         -[:OF_TYPE]->(pump)
CREATE (a)-[:HAS_EQUIPMENT]->(:Equipment {id: 'E3', nameZh: '泵组3', nameEn: 'Pumps 3',
         quantity: 4, status: 'ready', location: point({latitude: 30.5, longitude: 104.0})})
         -[:OF_TYPE]->(pump)
CREATE (xp:Expert {id: 'X1', nameZh: '王专家', nameEn: 'Expert Wang', available: true,
                   location: point({latitude: 30.3, longitude: 104.0})})
CREATE (p1:Plan {id: 'P-T1', nameZh: '测试省地震预案', nameEn: 'Test earthquake plan',
                 level: 'provincial', timeStandardMinutes: 120})
CREATE (p1)-[:COVERS]->(h), (p1)-[:APPLIES_TO]->(prov)
CREATE (p1)-[:PRESCRIBES {responseLevel: 'I', quantity: 3}]->(x),
       (p1)-[:PRESCRIBES {responseLevel: 'I'}]->(a),
       (p1)-[:PRESCRIBES {responseLevel: 'I', quantity: 6}]->(pump),
       (p1)-[:PRESCRIBES {responseLevel: 'I'}]->(xp),
       (p1)-[:PRESCRIBES {responseLevel: 'II', quantity: 1}]->(x)
CREATE (p0:Plan {id: 'P-T0', nameZh: '国家测试预案', nameEn: 'National test plan',
                 level: 'national'})
CREATE (p0)-[:COVERS]->(h), (p0)-[:PRESCRIBES {responseLevel: 'I'}]->(tb)
"""


def write_small_graph(driver: Driver, database: str) -> None:
    """Into an empty graph or one holding only the ontology (HazardType 11C02 is merged)."""
    with driver.session(database=database) as s:
        s.run(SMALL_GRAPH).consume()
