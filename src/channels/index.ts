// Public surface of `infometa/channels`: optimization over channels and encoders (Blahut–Arimoto capacity,
// rate–distortion, the information bottleneck). Named re-exports only.
export { channelCapacity } from './capacity.js';
export type { CapacityOptions, CapacityResult } from './capacity.js';
export { rateDistortion, rateDistortionCurve } from './rate-distortion.js';
export type { RateDistortionOptions, RateDistortionPoint, RateDistortionCurveOptions } from './rate-distortion.js';
export { informationBottleneck, informationBottleneckCurve } from './bottleneck.js';
export type { BottleneckOptions, BottleneckResult, BottleneckCurveOptions } from './bottleneck.js';
