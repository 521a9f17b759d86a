import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature } from 'topojson-client';

/** ISO 3166-1 numeric codes (world-atlas ids): Libya, and its neighbours drawn for context. */
const LIBYA = '434';
const NEIGHBOURS = ['788', '012', '562', '148', '729', '818'];

export interface CountryProperties {
  readonly name: string;
  readonly libya: boolean;
}

let cached: FeatureCollection<Geometry, CountryProperties> | undefined;

/**
 * Libya and its neighbours as GeoJSON ([lon, lat], WGS84), from Natural Earth 1:50m in the
 * `world-atlas` package: read from node_modules once, never fetched from the internet.
 */
export function libyaBoundary(): FeatureCollection<Geometry, CountryProperties> {
  if (cached) return cached;
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
  ) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const wanted = new Set([LIBYA, ...NEIGHBOURS]);
  const features: Feature<Geometry, CountryProperties>[] = [];
  for (const geometry of topology.objects.countries.geometries) {
    if (geometry.id === undefined || !wanted.has(String(geometry.id))) continue;
    // A country is one (Multi)Polygon, so the result is a Feature, never a collection.
    const country = feature(topology, geometry) as Feature<Geometry, { name?: string } | null>;
    features.push({
      type: 'Feature',
      geometry: country.geometry,
      properties: { name: country.properties?.name ?? '', libya: String(geometry.id) === LIBYA },
    });
  }
  cached = { type: 'FeatureCollection', features };
  return cached;
}
