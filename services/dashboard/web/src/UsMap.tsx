import { useEffect, useMemo, useState } from 'react';
import { geoPath } from 'd3-geo';
import { scaleQuantile } from 'd3-scale';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import atlasUrl from 'us-atlas/counties-albers-10m.json?url';
import type { MapArea, ReportMap } from './api';
import { atRiskText, count } from './format';

type Measure = 'declined' | 'atRisk';
type Level = 'states' | 'counties';
type Atlas = Topology<{
  counties: GeometryCollection;
  states: GeometryCollection;
  nation: GeometryCollection;
}>;

// ColorBrewer sequential ramps (colour-blind safe); the lightest step still contrasts with the "not listed" grey.
const RAMPS: Record<Measure, string[]> = {
  declined: ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
  atRisk: ['#fdd0a2', '#fdae6b', '#fd8d3c', '#e6550d', '#a63603'],
};
const NOT_LISTED = '#f0f0f0';
const UNKNOWN = 'url(#unknown-hatch)';

let atlasPromise: Promise<Atlas> | null = null;
const loadAtlas = () => (atlasPromise ??= fetch(atlasUrl).then((r) => r.json() as Promise<Atlas>));

const valueOf = (a: MapArea, m: Measure): number | null =>
  m === 'declined' ? a.declined : a.atRisk ? a.atRisk.cents : null;

export function UsMap({ map }: { map: ReportMap }) {
  const [atlas, setAtlas] = useState<Atlas | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [measure, setMeasure] = useState<Measure>('declined');
  const [level, setLevel] = useState<Level>('counties');
  useEffect(() => {
    loadAtlas().then(setAtlas, (e: Error) => setFailed(e.message));
  }, []);

  const areas = level === 'states' ? map.states : map.counties;
  const byFips = useMemo(() => new Map(areas.map((a) => [a.fips, a])), [areas]);
  const scale = useMemo(() => {
    const values = areas.map((a) => valueOf(a, measure)).filter((v): v is number => v !== null && v > 0);
    return values.length ? scaleQuantile<string>().domain(values).range(RAMPS[measure]) : null;
  }, [areas, measure]);

  const shapes = useMemo(() => {
    if (!atlas) return null;
    const path = geoPath();
    const fc = feature(atlas, atlas.objects[level]) as FeatureCollection<Geometry, { name: string }>;
    return {
      features: fc.features.map((f: Feature<Geometry, { name: string }>) => ({
        id: String(f.id),
        name: f.properties.name,
        d: path(f) ?? '',
      })),
      borders: path(mesh(atlas, atlas.objects.states, (a, b) => a !== b)) ?? '',
      nation: path(feature(atlas, atlas.objects.nation)) ?? '',
    };
  }, [atlas, level]);

  const fillOf = (fips: string) => {
    const a = byFips.get(fips);
    if (!a) return NOT_LISTED;
    const v = valueOf(a, measure);
    if (v === null) return measure === 'atRisk' ? UNKNOWN : NOT_LISTED;
    return scale ? scale(v) : RAMPS[measure][0];
  };
  const label = (a: MapArea) =>
    measure === 'declined'
      ? `${count(a.declined)} declined detainers`
      : `${atRiskText(a.atRisk)} at risk (estimate)`;
  const measureName =
    measure === 'declined' ? 'declined detainers (Section II rows)' : 'estimated grant money at risk';
  const listed = areas.filter((a) => (measure === 'declined' ? a.declined > 0 : a.atRisk !== null));
  const summary = `Map of the United States by ${level === 'states' ? 'state' : 'county'}, coloured by ${measureName}. ${listed.length} ${level} have a figure; the table below the map lists them.`;
  const thresholds = scale ? [Math.min(...scale.domain()), ...scale.quantiles()] : [];

  return (
    <section className="map-section" aria-labelledby="map-title">
      <h2 id="map-title">Where the report lists declined detainers</h2>
      <div className="toggles">
        <fieldset>
          <legend>Colour by</legend>
          <label>
            <input
              type="radio"
              name="measure"
              checked={measure === 'declined'}
              onChange={() => setMeasure('declined')}
            />{' '}
            Declined detainers
          </label>
          <label>
            <input
              type="radio"
              name="measure"
              checked={measure === 'atRisk'}
              onChange={() => setMeasure('atRisk')}
            />{' '}
            Money at risk (estimate)
          </label>
        </fieldset>
        <fieldset>
          <legend>Areas</legend>
          <label>
            <input
              type="radio"
              name="level"
              checked={level === 'counties'}
              onChange={() => setLevel('counties')}
            />{' '}
            Counties
          </label>
          <label>
            <input
              type="radio"
              name="level"
              checked={level === 'states'}
              onChange={() => setLevel('states')}
            />{' '}
            States
          </label>
        </fieldset>
      </div>
      {failed && (
        <p role="alert">The map could not be drawn ({failed}); the table below has the same figures.</p>
      )}
      {shapes ? (
        <svg
          viewBox="0 0 975 610"
          role="img"
          aria-label={summary}
          className="us-map"
          data-testid="us-map"
          data-level={level}
          data-measure={measure}
        >
          <defs>
            <pattern
              id="unknown-hatch"
              width="6"
              height="6"
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <rect width="6" height="6" fill="#e0e0e0" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#757575" strokeWidth="2" />
            </pattern>
          </defs>
          <g>
            {shapes.features.map((f) => {
              const a = byFips.get(f.id);
              return (
                <path
                  key={f.id}
                  d={f.d}
                  fill={fillOf(f.id)}
                  data-fips={f.id}
                  data-listed={a ? 'yes' : undefined}
                >
                  <title>{a ? `${f.name}: ${label(a)}` : `${f.name}: not listed`}</title>
                </path>
              );
            })}
          </g>
          <path d={shapes.borders} fill="none" stroke="#fff" strokeWidth={level === 'states' ? 1 : 0.8} />
          <path d={shapes.nation} fill="none" stroke="#616161" strokeWidth={0.8} />
        </svg>
      ) : (
        !failed && <p className="loading">Loading the map…</p>
      )}
      <div className="legend" aria-hidden="true">
        <span className="legend-title">
          {measure === 'declined' ? 'Declined detainers' : 'Money at risk (estimate)'}
        </span>
        {RAMPS[measure].map((c, i) => (
          <span key={c} className="legend-item">
            <span className="swatch" style={{ background: c }} />
            {thresholds[i] !== undefined
              ? `≥ ${measure === 'declined' ? count(Math.ceil(thresholds[i])) : atRiskText({ cents: thresholds[i], status: 'exact', estimates: 1 })}`
              : ''}
          </span>
        ))}
        <span className="legend-item">
          <span className="swatch" style={{ background: NOT_LISTED }} />
          {measure === 'declined' ? 'not listed' : 'no estimate'}
        </span>
        {measure === 'atRisk' && (
          <span className="legend-item">
            <span className="swatch hatch" />
            estimate unknown (not $0)
          </span>
        )}
      </div>
      <p className="source">
        Source: {measure === 'declined' ? map.sources.declined : map.sources.atRisk}.
        {map.unplaced.length > 0 && ` Not on the county map (no county known): ${map.unplaced.join('; ')}.`}
      </p>
      <details className="map-table">
        <summary>
          The map's figures as a table ({areas.length} {level})
        </summary>
        <table>
          <caption>{level === 'states' ? 'States' : 'Counties'} with listed jurisdictions</caption>
          <thead>
            <tr>
              <th scope="col">{level === 'states' ? 'State' : 'County FIPS'}</th>
              <th scope="col">Jurisdictions</th>
              <th scope="col" className="num">
                Declined detainers
              </th>
              <th scope="col" className="num">
                Money at risk (estimate)
              </th>
            </tr>
          </thead>
          <tbody>
            {areas.map((a) => (
              <tr key={a.fips}>
                <th scope="row">{level === 'states' ? a.usps : `${a.fips} (${a.usps})`}</th>
                <td>{a.jurisdictions.join(', ')}</td>
                <td className="num">{count(a.declined)}</td>
                <td className="num">{atRiskText(a.atRisk)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
