import { filesIn } from "../../../../lib/files.js";

// The files of `src/runtime/transports` (see lib/files.js).
export default function (props) {
  return filesIn("src/runtime/transports", props);
}
