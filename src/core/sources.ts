// The only owner of the words for where a model comes from: the three sources (bundled, URL,
// local files) and a bundled model's entry in `public/models/index.json`. Plain types, shared by
// the loaders (src/app), the stores and the views.

/** Where the open model came from; a URL source can be shared as a link, local files cannot. */
export type ModelSource =
  | { type: 'bundled'; name: string }
  | { type: 'url'; url: string }
  | { type: 'files'; names: string[] };

export interface BundledModelInfo {
  name: string;
  title: string;
  description: string;
}
