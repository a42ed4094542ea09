// A small Eleventy 3 site laid out like eleventy-base-blog: the input folder
// is content/, layouts and global data live beside it.
export default async function (eleventyConfig) {
	// Drafts are built in `--serve` only, as the base blog does it.
	eleventyConfig.addPreprocessor("drafts", "*", (data) => {
		if (data.draft && process.env.ELEVENTY_RUN_MODE === "build") {
			return false;
		}
	});
}

export const config = {
	templateFormats: ["md", "njk", "html"],
	markdownTemplateEngine: "njk",
	htmlTemplateEngine: "njk",
	dir: {
		input: "content", // posts and pages
		includes: "../_includes",
		data: "../_data",
		output: "_site",
	},
};
