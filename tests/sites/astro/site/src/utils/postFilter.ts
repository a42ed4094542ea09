import type { CollectionEntry } from "astro:content";
import { SITE } from "@/config";

// Drafts never; scheduled posts once their time (less a margin) has come.
export const postFilter = ({ data }: CollectionEntry<"blog">) =>
  !data.draft && Date.now() > data.pubDatetime.getTime() - SITE.scheduledPostMargin;
