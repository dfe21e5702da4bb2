import { a } from './m.js';
import d from './d.json' with { type: 'json' };
a