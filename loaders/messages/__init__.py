"""Standard messages at EMKG's edges: CAP 1.1/1.2 alerts in, OASIS EDXL-RM 1.0 out and back.

Reading is safe (no DTD, no entity, no network: safe_xml.py), validated against the
schemas (CAP: the packaged copies in schemas/, see schemas/NOTICE.md) and the rules of
the standards the schemas cannot express (cap_rules.py). Every problem is data
(problems.Problem: a message-catalog code and its parameters), rendered in the reader's
language by the API.
"""
