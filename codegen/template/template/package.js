import { filesIn } from "../lib/files.js";

// The files of `the package root` (see lib/files.js).
export default function (props) {
  return filesIn("", props);
}
