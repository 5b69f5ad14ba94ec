"""GCJ-02 (the offset datum of Chinese web maps) to WGS-84 and back.

GCJ-02 is WGS-84 shifted by a published, smooth function of position (a few
hundred metres in China, e.g. about 350-400 m in Sichuan; no shift outside
China). The forward shift (`wgs84_to_gcj02`) is the widely reproduced formula;
its inverse has no closed form, so `gcj02_to_wgs84` iterates: guess, shift the
guess forward, correct by the miss, until it misses by less than a centimetre
(two or three rounds).

Example::

    gcj02_to_wgs84(30.6576, 104.0693)   # (30.6600..., 104.0668...): GCJ-02 Chengdu -> WGS-84
"""

from __future__ import annotations

import math

_A = 6378245.0  # the Krasovsky 1940 semi-major axis the formula uses
_EE = 0.00669342162296594323  # its first eccentricity squared
_TOLERANCE_DEG = 1e-7  # about 1 cm
_MAX_ROUNDS = 30


def outside_china(lat: float, lon: float) -> bool:
    """The formula's own bounding box: outside it GCJ-02 equals WGS-84."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift_lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _shift_lon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """(latitude, longitude) in WGS-84 -> the same place in GCJ-02."""
    if outside_china(lat, lon):
        return lat, lon
    d_lat = _shift_lat(lon - 105.0, lat - 35.0)
    d_lon = _shift_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """(latitude, longitude) in GCJ-02 -> WGS-84, by fixed-point iteration of the forward
    shift (converges because the shift changes by well under 1 % per metre moved)."""
    if outside_china(lat, lon):
        return lat, lon
    w_lat, w_lon = lat, lon
    for _ in range(_MAX_ROUNDS):
        g_lat, g_lon = wgs84_to_gcj02(w_lat, w_lon)
        miss_lat, miss_lon = g_lat - lat, g_lon - lon
        w_lat, w_lon = w_lat - miss_lat, w_lon - miss_lon
        if abs(miss_lat) < _TOLERANCE_DEG and abs(miss_lon) < _TOLERANCE_DEG:
            break
    return w_lat, w_lon
