/**
 * Server-side rendering of the first screen: the same App component, rendered by Svelte's
 * server renderer from FirstScreen data, so the page the back end serves already shows the
 * article with its spans; the browser then hydrates it (main.ts). Built by Vite as a Node
 * module (dist/ssr/firstScreen.cjs) and run in the project's worker thread.
 */
import { render } from 'svelte/server';
import type { FirstScreen } from '../contract/api';
import App from './App.svelte';

export interface RenderedFirstScreen {
  /** The markup that goes inside <div id="app">. */
  body: string;
  head: string;
}

export function renderFirstScreen(firstScreen: FirstScreen): RenderedFirstScreen {
  const { body, head } = render(App, { props: { firstScreen } });
  return { body, head };
}
