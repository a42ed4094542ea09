export default {
	title: "Notes from the Workbench",
	url: "https://eleventy.example.org/",
	language: "en",
	description: "Small posts about tools, written to test feed generators.",
	author: {
		name: "A. Tester",
		url: "https://eleventy.example.org/about/",
	},
};
