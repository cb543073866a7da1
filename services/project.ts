/**
 * Creating and opening projects the way the app, the CLI and browser mode all do it.
 */
import { insertDocument } from '../db/documentsRepo';
import { insertLabel, listLabels } from '../db/labelsRepo';
import { openProject, type OpenedProject, type OpenProjectOptions } from '../db/open';
import { setSetting } from '../db/settingsRepo';
import { DEFAULT_LABELS } from './defaults';
import { SAMPLE_ARTICLE } from './sampleArticle';

export interface EnsureProjectOptions extends OpenProjectOptions {
  /** Add the sample article to a newly created project. */
  withSample?: boolean;
}

/** Opens a project, creating it with the default labels (and the sample article) when new. */
export async function ensureProject(file: string, options: EnsureProjectOptions = {}): Promise<OpenedProject> {
  const opened = await openProject(file, { ...options, create: options.create ?? true });
  if (opened.created && !opened.readOnly) {
    opened.db
      .transaction(() => {
        if (listLabels(opened.db).length === 0) for (const label of DEFAULT_LABELS) insertLabel(opened.db, label);
        setSetting(opened.db, 'snapToWords', 'true');
        if (options.withSample) insertDocument(opened.db, SAMPLE_ARTICLE);
      })
      .immediate();
  }
  return opened;
}
