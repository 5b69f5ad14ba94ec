"""The IRI namespaces EMKG writes and reads: its ontology terms, concept ids, shapes, crosswalks.

A leaf module (no imports of our own) so that every other module can use it.

Example::

    ID_NS + "11A01"        # 'https://w3id.org/emkg/id/11A01'
"""

from __future__ import annotations

EMKG_NS = "https://w3id.org/emkg/ontology#"
ID_NS = "https://w3id.org/emkg/id/"
SHAPE_NS = "https://w3id.org/emkg/shapes#"
# External vocabularies we crosswalk to (see external.ttl and converters.py).
FEMA_CC_NS = "https://w3id.org/emkg/ext/fema-core-capability/"
RTLT_NS = "https://rtlt.preptoolkit.fema.gov/Public/Resource/View/"
