// Build step (`npm run build`): writes the precompiled AsyncAPI specification validators next to the compiled
// engine (contracts/dist/asyncapi/spec-validators/), so a cold AsyncAPI parse does not compile the spec schema.
import { SPEC_VALIDATORS_DIR, writePayloadValidators, writeSpecValidators } from "../dist/asyncapi/spec-validators.js";

const files = [...writeSpecValidators(SPEC_VALIDATORS_DIR), ...writePayloadValidators(SPEC_VALIDATORS_DIR)];
console.log(`contracts: ${files.length} precompiled AsyncAPI specification validators in ${SPEC_VALIDATORS_DIR}`);
