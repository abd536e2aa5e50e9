// The measures' ranking keys and distances, and the defaults chosen from the measurements
// (docs/engine.md, docs/atlas.md): firing centroid first, then co-activation, overlap, forms for
// neighbours; firing centroid, co-activation, else the spectral shape for layouts; a choice the
// analysis cannot show falls back to the default.
import { describe, expect, it } from 'vitest';
import {
  availableMeasures,
  defaultLayout,
  defaultMeasure,
  MEASURE_INFO,
  relationDistance,
  resolveLayout,
  resolveMeasure,
} from './measures';

describe('relation measures', () => {
  it('distances follow each measure’s ranking', () => {
    expect(relationDistance('coactivation', 0.25)).toBeCloseTo(0.75, 12);
    expect(relationDistance('coactivation', -0.5)).toBeCloseTo(1.5, 12);
    expect(relationDistance('forms', -0.9)).toBeCloseTo(0.1, 12);
    expect(relationDistance('overlap', 1.2)).toBe(0);
    expect(MEASURE_INFO.forms.rank).toBe('absolute');
  });

  it('defaults to the firing centroid, and without a probe set to the overlap', () => {
    const all = availableMeasures({ coactivation: 1, overlap: 1, centroid: 1, forms: 1 });
    expect(all).toEqual(['centroid', 'coactivation', 'overlap', 'forms']);
    expect(defaultMeasure(all)).toBe('centroid');
    expect(defaultMeasure(['overlap', 'forms'])).toBe('overlap');
    expect(defaultMeasure([])).toBeNull();
    expect(defaultLayout(all)).toBe('centroid');
    expect(defaultLayout(['overlap', 'forms'])).toBe('spectral');
  });

  it('keeps a choice the analysis can show, else falls back to the default', () => {
    expect(resolveMeasure('forms', ['centroid', 'forms'])).toBe('forms');
    expect(resolveMeasure('coactivation', ['overlap'])).toBe('overlap');
    expect(resolveLayout('forms', ['forms'])).toBe('forms');
    expect(resolveLayout('coactivation', ['overlap'])).toBe('spectral');
    expect(resolveLayout('spectral', ['centroid'])).toBe('spectral');
    expect(resolveLayout(null, ['centroid'])).toBe('centroid');
  });
});
