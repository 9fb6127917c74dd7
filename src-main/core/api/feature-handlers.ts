import type { Contract, MethodName, StreamName } from '../../../src-shared/api/contract';
import type { MethodHandlers, StreamHandlers } from './api-server';

/**
 * One feature's share of the api: the handlers of its methods and streams. The composition root
 * spreads every feature's handlers into one server, and the types check that together they cover
 * the contract exactly once.
 */
export interface FeatureHandlers<M extends MethodName = never, S extends StreamName = never> {
  methods: Pick<MethodHandlers<Contract>, M>;
  streams: Pick<StreamHandlers<Contract>, S>;
}
