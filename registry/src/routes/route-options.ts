import type { RegistryService } from "../service/registry-service.js";

/** Options every route plugin receives: the service it delegates to. */
export interface RouteOptions {
  readonly service: RegistryService;
}
