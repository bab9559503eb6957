// Entry of the fuzz worker thread: TypeScript through tsx's loader, then the runner.
import { register } from 'tsx/esm/api';

register();
await import('./runner.ts');
