import { distanceToGeometryKm, haversineKm, isValidLonLat, lineLengthKm } from './geo-distance';

describe('geographic distance', () => {
  it('measures Es Sider to Ras Lanuf at about 25 km (the reference says ≈23 km)', () => {
    const km = haversineKm([18.35, 30.629], [18.566, 30.479]);
    expect(km).toBeGreaterThan(20);
    expect(km).toBeLessThan(30);
  });

  it('measures a point to a line by the nearest point on it, not the nearest vertex', () => {
    const line = { type: 'LineString' as const, coordinates: [[10, 30] as const, [12, 30] as const] };
    // 1 degree north of the line's middle: ~111 km, whereas the vertices are ~150 km away.
    expect(distanceToGeometryKm([11, 31], line)).toBeGreaterThan(105);
    expect(distanceToGeometryKm([11, 31], line)).toBeLessThan(115);
    expect(distanceToGeometryKm([11, 30], line)).toBeLessThan(1);
  });

  it('is zero at a point asset’s own position', () => {
    expect(distanceToGeometryKm([18.35, 30.629], { type: 'Point', coordinates: [18.35, 30.629] })).toBe(0);
  });

  it('stays finite at the poles and the antimeridian', () => {
    expect(Number.isFinite(haversineKm([180, 90], [-180, -90]))).toBe(true);
    expect(haversineKm([179.9, 0], [-179.9, 0])).toBeLessThan(30);
  });

  it('rejects positions off the globe', () => {
    expect(isValidLonLat(17, 27)).toBe(true);
    expect(isValidLonLat(181, 0)).toBe(false);
    expect(isValidLonLat(0, Number.NaN)).toBe(false);
  });

  it('adds up a line’s length along its vertices', () => {
    expect(
      lineLengthKm([
        [0, 0],
        [1, 0],
        [2, 0],
      ]),
    ).toBeCloseTo(2 * haversineKm([0, 0], [1, 0]), 6);
  });
});
