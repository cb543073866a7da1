import { mount } from 'svelte';
import './styles.css';
import App from './App.svelte';

performance.mark('spanbench:script-start');
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
mount(App, { target });
performance.mark('spanbench:mounted');
