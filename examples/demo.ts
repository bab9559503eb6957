// Placeholder demo: replaced by the emotions demo as the core lands.
import { entropy } from 'infometa';
console.log('entropy of a fair coin in bits:', entropy([0.5, 0.5], { base: 2 }));
