// The entry is kept small: it starts the first screen's API calls, then loads the app, so the
// data is on its way while the app's code downloads and compiles.
import { prefetch } from './lib/api';
import './styles.css';

performance.mark('spanbench:script-start');
const wanted = Number(/(?:^|[#&])doc=(\d+)/.exec(location.hash)?.[1]);
prefetch('getProjectInfo', {});
prefetch('listLabels', {});
if (wanted > 0) {
  prefetch('getDocument', { id: wanted });
  prefetch('listSpans', { documentId: wanted });
  prefetch('getHistory', { documentId: wanted });
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
const [{ mount }, { default: App }] = await Promise.all([import('svelte'), import('./App.svelte')]);
mount(App, { target });
performance.mark('spanbench:mounted');
