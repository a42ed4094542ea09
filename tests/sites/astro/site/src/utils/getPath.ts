// The address of a blog post, the way AstroPaper builds it: the route folder,
// the post's folders (slugified; folders starting with `_` left out), then the
// last segment of the entry's id.
import kebabcase from "lodash.kebabcase";
import slugify from "slugify";
import { BLOG_PATH } from "@/content.config";

const slugifyStr = (text: string) =>
  /[^\x00-\x7F]/.test(text) ? kebabcase(text) : slugify(text, { lower: true });

export function getPath(id: string, filePath: string | undefined, includeBase = true) {
  const folders = (filePath ?? "")
    .replace(BLOG_PATH, "")
    .split("/")
    .filter((part) => part !== "" && !part.startsWith("_"))
    .slice(0, -1)
    .map(slugifyStr);
  const last = id.split("/").at(-1) ?? id;
  return [includeBase ? "/posts" : "", ...folders, last].join("/");
}
