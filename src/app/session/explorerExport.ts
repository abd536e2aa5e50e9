// The only owner of gathering an analysis for the explorer export (docs/formats.md §6,
// "Exporting"): the statistics, the atlas layout on screen, the probe set's vocabulary, the
// labels shown (the user's, else automatic), and per latent its spectrum, histogram, neighbours
// of the neighbour measure on screen and its kept rows projected on the eigenvectors of its
// three largest |λ| — from the eigenvectors the analysis kept, or from the engine's latent call
// when it kept none. The analysis session runs it as a job (AnalysisSession.exportExplorer);
// core/explorer/write turns the gathered values into files.
import type { Analysis, LatentDetail } from '../../core/analysis';
import {
  contextHalf,
  exportIndexFiles,
  exportLatentFiles,
  exportRows,
  type ExportFile,
} from '../../core/explorer/write';
import type { ProbeSet } from '../../core/probes';
import { projectRows } from '../../core/projection';
import {
  availableMeasures,
  resolveMeasure,
  type RelationMeasure,
} from '../../core/relations/measures';

/** What the export reads besides the analysis. */
export interface ExplorerExportInput {
  analysis: Analysis;
  probes: ProbeSet;
  modelName: string;
  /** [C, 2] atlas coordinates on screen. */
  xy: Float32Array;
  /** Label per composite ('' = none). */
  labels: readonly string[];
  /** The neighbour measure chosen on screen (null = the default). */
  measure: RelationMeasure | null;
  /** Composite k's detail on the default axes from the engine (when the analysis kept no vectors). */
  engineDetail: (k: number) => Promise<LatentDetail>;
  report: (phase: string, fraction: number | null) => void;
  signal: AbortSignal;
}

/** Composite k's eigenvalues and the vectors of its 3 largest |λ| from the analysis, or null. */
function keptEigen(a: Analysis, k: number): { values: Float64Array; vectors: Float32Array } | null {
  const kept = a.eigenvectors;
  if (!kept || kept.count < 3) return null;
  const n = a.dForm;
  const K = a.spectrumK;
  const row = a.spectra.subarray(k * K, (k + 1) * K);
  const values = Float64Array.from(row).filter((v) => !Number.isNaN(v));
  const at = k * kept.count * n;
  return { values, vectors: kept.vectors.slice(at, at + 3 * n) };
}

/** Every file of the export. Throws when the signal aborts. */
export async function explorerExportFiles(x: ExplorerExportInput): Promise<ExportFile[]> {
  const a = x.analysis;
  const res = a.probes;
  if (!res) throw new Error('the export needs the probe set’s results (open a probe set)');
  const C = a.nComposites;
  const N = res.n;
  const p = x.probes;
  const measure = resolveMeasure(x.measure, availableMeasures(a.relations.tables));
  const table = measure ? a.relations.tables[measure] : undefined;
  const files = exportIndexFiles({
    autoencoder: x.modelName,
    modelName: p.description || p.fileName,
    nLatents: C,
    density: res.density,
    rank: a.rank,
    frobenius2: a.frobenius2,
    support: a.support,
    umap: x.xy,
    vocab: p.vocab,
    labels: x.labels,
  });
  const half = contextHalf(p.position, p.window);
  const bins = res.histogram.bins;
  for (let k = 0; k < C; k++) {
    if (x.signal.aborted) throw x.signal.reason as Error;
    x.report(`Latent ${k + 1} of ${C}`, k / C);
    const h = res.hByComposite.subarray(k * N, (k + 1) * N);
    const rows = exportRows(h);
    const eig = keptEigen(a, k) ?? (await x.engineDetail(k));
    const xyz = projectRows(p.activations, p.d, a.dForm, N, rows, eig.vectors, 3);
    const kk = table?.k ?? 0;
    files.push(
      ...exportLatentFiles({
        id: k,
        values: eig.values,
        histogram: {
          counts: res.histogram.counts.subarray(k * bins, (k + 1) * bins),
          lo: res.histogram.lo[k] ?? 0,
          hi: res.histogram.hi[k] ?? 0,
        },
        neighbours: {
          ids: table ? table.index.subarray(k * kk, (k + 1) * kk) : [],
          similarity: table ? table.similarity.subarray(k * kk, (k + 1) * kk) : [],
        },
        h: Float32Array.from(rows, (r) => h[r] ?? 0),
        xyz,
        tokens: p.tokens,
        position: p.position,
        window: p.window,
        rows,
        half,
      }),
    );
    // Let the page breathe (and a cancel land) every few latents.
    if (k % 16 === 15) await new Promise((r) => setTimeout(r, 0));
  }
  return files;
}
