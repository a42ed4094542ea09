export const SITE = {
  website: "https://astro.example.org/",
  author: "A. Tester",
  desc: "A small AstroPaper-like blog for testing feed generators.",
  title: "Paper Fixture",
  postPerPage: 4,
  scheduledPostMargin: 15 * 60 * 1000, // 15 minutes
  lang: "en",
  timezone: "Asia/Bangkok",
} as const;
