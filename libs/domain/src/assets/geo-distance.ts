import type { AssetGeometry, LonLat } from './asset';

/** Mean Earth radius, km (IUGG). */
const EARTH_RADIUS_KM = 6371.0088;

const toRad = (deg: number): number => (deg * Math.PI) / 180;

/** True when the pair is a usable WGS84 position (finite, lat in [-90, 90], lon in [-180, 180]). */
export function isValidLonLat(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/** Great-circle distance between two [lon, lat] points, km. */
export function haversineKm(a: LonLat, b: LonLat): number {
  const dLat = toRad(b[1] - a[1]);
  const dLon = toRad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a[1])) * Math.cos(toRad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The point of segment [a, b] nearest to p. The projection is done in a local
 * equirectangular plane scaled at p's latitude, which is accurate to well under a
 * kilometre for the few-hundred-km segments of Libyan trunk lines; the distance to
 * the result is then measured on the sphere.
 */
function nearestOnSegment(p: LonLat, a: LonLat, b: LonLat): LonLat {
  const k = Math.cos(toRad(p[1]));
  // Unwrap longitudes around p so a segment never looks 360 degrees long.
  const unwrap = (lon: number): number => lon + (lon - p[0] > 180 ? -360 : lon - p[0] < -180 ? 360 : 0);
  const ax = unwrap(a[0]) * k;
  const bx = unwrap(b[0]) * k;
  const px = p[0] * k;
  const dx = bx - ax;
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (p[1] - a[1]) * dy) / len2));
  return [a[0] + t * (b[0] - a[0]), a[1] + t * dy];
}

/** Distance from a point to an asset's geometry, km: to the point, or to the nearest point on the line. */
export function distanceToGeometryKm(p: LonLat, geometry: AssetGeometry): number {
  if (geometry.type === 'Point') return haversineKm(p, geometry.coordinates);
  const coords = geometry.coordinates;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < coords.length; i++) {
    const a = coords[i];
    const b = coords[i + 1];
    if (a === undefined || b === undefined) continue;
    best = Math.min(best, haversineKm(p, nearestOnSegment(p, a, b)));
  }
  const only = coords[0];
  if (best === Number.POSITIVE_INFINITY && only !== undefined) best = haversineKm(p, only);
  return best;
}

/** A representative point of a geometry: the point itself, or the middle vertex of a line. */
export function representativePoint(geometry: AssetGeometry): LonLat | undefined {
  if (geometry.type === 'Point') return geometry.coordinates;
  return geometry.coordinates[Math.floor(geometry.coordinates.length / 2)];
}

/** Length of a line along its vertices, km. */
export function lineLengthKm(coords: readonly LonLat[]): number {
  let total = 0;
  for (let i = 0; i + 1 < coords.length; i++) {
    const a = coords[i];
    const b = coords[i + 1];
    if (a !== undefined && b !== undefined) total += haversineKm(a, b);
  }
  return total;
}
