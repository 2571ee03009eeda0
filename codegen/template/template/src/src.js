import { filesIn } from "../../lib/files.js";

// The files of `src` (see lib/files.js).
export default function (props) {
  return filesIn("src", props);
}
