import { filesIn } from "../../../lib/files.js";

// The files of `src/upcasters` (see lib/files.js).
export default function (props) {
  return filesIn("src/upcasters", props);
}
