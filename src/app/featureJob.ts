// Fetches encoder-feature details from the engine for the features a view shows (those not yet
// fetched for the current analysis); failures become a notice.
import { engine } from '../compute/client';
import { useAppStore } from '../state/appStore';
import { useEngineStore } from '../state/engineStore';
import { useFeatureStore } from '../state/featureStore';

/** Rows and readers fetched per feature. */
const TOP_ROWS = 8;
const READERS = 8;

/** Makes sure the details of `features` are in the feature store. */
export async function ensureFeatureDetails(features: number[]): Promise<void> {
  const analysis = useEngineStore.getState().analysis;
  if (!analysis) return;
  const store = useFeatureStore.getState();
  if (store.key !== analysis.key) store.reset(analysis.key);
  const missing = features.filter((j) => !(j in useFeatureStore.getState().details));
  if (missing.length === 0) return;
  useFeatureStore.getState().setLoading(true);
  try {
    const details = await engine().call('features', {
      features: missing,
      topK: TOP_ROWS,
      readers: READERS,
    }).result;
    if (useFeatureStore.getState().key === analysis.key) useFeatureStore.getState().add(details);
    useFeatureStore.getState().setLoading(false);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    useFeatureStore.getState().setLoading(false, message);
    useAppStore.getState().notify('error', 'Could not load feature details', message);
  }
}
