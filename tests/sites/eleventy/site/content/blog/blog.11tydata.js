// Everything in this folder is a blog post.
export default {
	tags: ["posts"],
	layout: "layouts/post.njk",
};
