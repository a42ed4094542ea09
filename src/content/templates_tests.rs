use super::*;
use crate::site::Generator;

fn resolve(target: &str) -> Option<String> {
    matches!(target, "2024-01-02-hello" | "_posts/2024-01-02-hello.md" | "blog/x.md")
        .then(|| "https://b.example/hello/".to_string())
}

/// The body after the pass, and the labels of what was removed.
fn run(generator: Generator, body: &str) -> (String, Vec<String>) {
    let site_url = url::Url::parse("https://b.example/blog/").unwrap();
    let page_url = site_url.join("hello/").unwrap();
    let front = [("external_url".to_string(), "https://c.example/x".to_string())];
    let vars = Vars {
        site_url: &site_url,
        site_title: "B",
        page_title: "Hello",
        page_url: &page_url,
        front: &front,
        bare_front_keys: generator == Generator::Eleventy,
    };
    match apply(body, Dialect::of(generator), &resolve, Some(&vars)) {
        Some(applied) => (applied.body, applied.removed),
        None => (body.to_string(), Vec::new()),
    }
}

fn jekyll(body: &str) -> String {
    run(Generator::Jekyll, body).0
}

#[test]
fn liquid_tags_and_output_are_removed_and_counted() {
    let (body, removed) = run(
        Generator::Jekyll,
        "A {% include_cached x.html a=1 %} b {{ site.title | upcase }}.\n{%- if x -%}yes{% endif %}",
    );
    assert_eq!(body, "A  b .\nyes");
    assert_eq!(removed, ["{% include_cached %}", "{{ site.title }}", "{% if %}"]);
}

#[test]
fn jekyll_renders_highlight_raw_links_and_drops_comments() {
    assert_eq!(
        jekyll("x\n{% highlight ruby linenos %}\ndef a = 1\n{% endhighlight %}\ny"),
        "x\n```ruby\ndef a = 1\n```\n\ny"
    );
    assert_eq!(jekyll("{% raw %}{{ kept }} {% also %}{% endraw %}"), "{{ kept }} {% also %}");
    assert_eq!(jekyll("[a]({% post_url 2024-01-02-hello %})"), "[a](https://b.example/hello/)");
    assert_eq!(jekyll("[a]({% link _posts/2024-01-02-hello.md %})"), "[a](https://b.example/hello/)");
    assert_eq!(
        run(Generator::Jekyll, "[a]({% post_url nope %})"),
        ("[a]()".to_string(), vec!["{% post_url %}".into()])
    );
    assert_eq!(jekyll("a{% comment %}secret{% endcomment %}b"), "ab");
    // A fence longer than the code's own backticks.
    assert_eq!(jekyll("{% highlight md %}```x```{% endhighlight %}"), "````md\n```x```\n````\n");
}

#[test]
fn kramdown_attribute_lists_and_extensions_go() {
    let (body, removed) = run(
        Generator::Jekyll,
        "![i](a.png){: .img-fluid}\n\npara\n{:.note #id}\n\n{::comment}x{:/comment}{::options toc_levels=\"2\" /}",
    );
    assert_eq!(body, "![i](a.png)\n\npara\n\n\n");
    assert_eq!(removed, ["{: }", "{: }", "{::comment}", "{::options}"]);
    assert_eq!(jekyll("{::nomarkdown}<b>x</b>{:/nomarkdown}"), "<b>x</b>");
}

#[test]
fn code_blocks_and_code_spans_are_never_touched() {
    let body = "`{% raw %}` and ``{{ x }}``\n\n```liquid\n{% include a %}\n{: .x}\n```\n\n    {% indented %}\n\n~~~\n{{ y }}\n~~~\n";
    assert_eq!(run(Generator::Jekyll, body), (body.to_string(), Vec::new()));
    let hugo = "`{{< youtube x >}}`\n\n```\n{{% notice %}}\n```\n";
    assert_eq!(run(Generator::Hugo, hugo), (hugo.to_string(), Vec::new()));
}

#[test]
fn eleventy_paired_shortcodes_keep_their_markdown_and_comments_go() {
    let (body, removed) = run(
        Generator::Eleventy,
        "{% renderTemplate \"md\" %}\n# Hi *there*\n{% endrenderTemplate %}\n{# note\n\nto self #}{% icon \"star\" %}",
    );
    assert_eq!(body, "\n# Hi *there*\n\n");
    assert_eq!(removed, ["{% renderTemplate %}", "{# #}", "{% icon %}"]);
}

#[test]
fn hugo_shortcodes_render_or_go_and_paired_ones_keep_their_inner_markdown() {
    let (body, removed) = run(
        Generator::Hugo,
        "{{% notice tip %}}\n**Read** this\n{{% /notice %}}\n{{< speakerdeck 123 >}}{{< youtube abc />}}",
    );
    assert_eq!(body, "\n**Read** this\n\n<a href=\"https://www.youtube.com/watch?v=abc\">Watch on YouTube</a>");
    assert_eq!(removed, ["{{% notice %}}", "{{< speakerdeck >}}"]);
    assert_eq!(
        run(Generator::Hugo, "{{< highlight go \"linenos=table\" >}}\nfunc a() {}\n{{< /highlight >}}").0,
        "```go\nfunc a() {}\n```\n"
    );
    assert_eq!(run(Generator::Hugo, "[x]({{< relref \"blog/x.md\" >}})").0, "[x](https://b.example/hello/)");
    assert_eq!(run(Generator::Hugo, "Write {{</* figure src=\"a\" */>}}.").0, "Write `{{< figure src=\"a\" >}}`.");
}

#[test]
fn each_dialect_leaves_the_others_syntax_alone() {
    let text = "{% a %} {{ site.x }} {{< b >}} {: .c} {# d #}";
    let removed = |g| run(g, text).1;
    assert_eq!(removed(Generator::Hugo), ["{{< b >}}"]);
    assert_eq!(removed(Generator::Astro), Vec::<String>::new());
    assert_eq!(removed(Generator::RenderEngine), Vec::<String>::new());
    assert_eq!(removed(Generator::Eleventy), ["{% a %}", "{{ site.x }}", "{# #}"]);
    assert_eq!(removed(Generator::Plain), ["{% a %}", "{{ site.x }}", "{{< b >}}", "{: }"]);
}

#[test]
fn plain_folders_keep_braces_that_are_not_clearly_templates() {
    let text = "Set {{ name }} in Mustache, {% 50 %}, {:} and {: } and a {brace}.";
    assert_eq!(run(Generator::Plain, text), (text.to_string(), Vec::new()));
}

#[test]
fn unclosed_or_multi_paragraph_constructs_stay_text() {
    for text in ["{% include x", "{{< a\n\nb >}}", "{% raw %} no end", "a { b"] {
        let (body, _) = run(Generator::Jekyll, text);
        assert!(body == text || text.starts_with("{% raw"), "{text:?} → {body:?}");
    }
}

#[test]
fn a_highlight_inside_a_list_item_stays_in_the_item() {
    let body = "1. Step one:\n   {% highlight sh %}\n   ls -la\n     indented\n   {% endhighlight %}\n2. Step two\n";
    let out = jekyll(body);
    assert_eq!(out, "1. Step one:\n   ```sh\n   ls -la\n     indented\n   ```\n\n2. Step two\n");
    let base = url::Url::parse("https://b.example/").unwrap();
    let html = crate::content::render(&out, &base, true, false, false).html.unwrap();
    assert_eq!(html.matches("<ol").count(), 1, "{html}");
    assert!(
        html.contains("<li>\n<p>Step one:</p>\n<pre><code class=\"language-sh\">ls -la\n  indented\n</code></pre>"),
        "{html}"
    );
}

#[test]
fn addresses_written_with_liquid_resolve_instead_of_vanishing() {
    let (body, removed) = run(
        Generator::Jekyll,
        "![a]({{ \"/img/a.png\" | relative_url }}) [b]({{ site.baseurl }}/b/) {{ site.url }} {{ page.title }}",
    );
    assert_eq!(body, "![a](/blog/img/a.png) [b](/blog/b/) https://b.example Hello");
    assert!(removed.is_empty(), "{removed:?}");
}

#[test]
fn front_matter_values_fill_liquid_output_as_each_generator_reads_them() {
    assert_eq!(jekyll("[a]({{ page.external_url }}) [b]({{ external_url }})"), "[a](https://c.example/x) [b]()");
    let (body, _) = run(Generator::Eleventy, "[a]({{ external_url }}) on {{ page.external_url }}");
    assert_eq!(body, "[a](https://c.example/x) on ");
}

#[test]
fn liquid_consumes_raw_markers_in_code_and_nothing_else_there() {
    let fenced = "```yaml\nname: Test ${% raw %}{{ matrix.go }}{% endraw %} {{ x }} {% if %}\n```\n";
    let (body, removed) = run(Generator::Jekyll, fenced);
    assert_eq!(body, "```yaml\nname: Test ${{ matrix.go }} {{ x }} {% if %}\n```\n");
    assert!(removed.is_empty(), "{removed:?}");
    let inline = "Inline: `{%- raw -%}{{ page.title }}{%- endraw -%}`.";
    assert_eq!(run(Generator::Eleventy, inline).0, "Inline: `{{ page.title }}`.");
    // A raw with no end is no Liquid a site could build: it stays, as do
    // markers where the generator renders Markdown first.
    let open = "`{% raw %}` alone";
    assert_eq!(jekyll(open), open);
    let both = "`{% raw %}x{% endraw %}`";
    assert_eq!(run(Generator::Zola, both).0, both);
    assert_eq!(run(Generator::Plain, both).0, both);
}

#[test]
fn video_and_gist_tags_and_includes_become_links() {
    let watch = "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">Watch on YouTube</a>";
    for tag in [
        "{% include youtube.html id=\"dQw4w9WgXcQ\" %}",
        "{% include_cached youtube-player.html video_id='dQw4w9WgXcQ' %}",
        "{% include video id=\"dQw4w9WgXcQ\" provider=\"youtube\" %}",
        "{% youtube dQw4w9WgXcQ %}",
        "{% youtube \"https://youtu.be/dQw4w9WgXcQ\" %}",
        "{% youtubeEmbed \"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3\", \"x\" %}",
    ] {
        assert_eq!(run(Generator::Jekyll, tag), (watch.to_string(), Vec::new()), "{tag}");
    }
    assert_eq!(
        run(Generator::Eleventy, "{% youtubeEmbed \"dQw4w9WgXcQ\" title:\"A talk\" %}").0,
        "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">A talk (YouTube)</a>"
    );
    assert_eq!(jekyll("{% vimeo 76979871 %}"), "<a href=\"https://vimeo.com/76979871\">Watch on Vimeo</a>");
    assert_eq!(
        jekyll("{% gist fc8d7ef8f4af3d0d81a9f28ff8c6edcb issuer.yaml %} {% gist parkr/c08ee0a2 %}"),
        "<a href=\"https://gist.github.com/fc8d7ef8f4af3d0d81a9f28ff8c6edcb\">Gist fc8d7ef8f4af3d0d81a9f28ff8c6edcb</a> \
         <a href=\"https://gist.github.com/parkr/c08ee0a2\">Gist parkr/c08ee0a2</a>"
    );
    // Variables, playlists and other includes are no video to link to.
    let (body, removed) = run(
        Generator::Jekyll,
        "{% youtube page.video %}{% include youtube.html id=page.id %}{% vimeo abc %}{% gist page.g %}{% include card.html id=\"dQw4w9WgXcQ\" %}",
    );
    assert_eq!(body, "");
    assert_eq!(removed, ["{% youtube %}", "{% include %}", "{% vimeo %}", "{% gist %}", "{% include %}"]);
}

#[test]
fn a_figure_block_keeps_its_markdown_and_renders_its_caption() {
    let body = "Before.\n\n{% figure caption:\"A *brick* [guide]({{ site.baseurl }}/g/).\" class:\"wide\" %}\n![Bricks]({{ site.baseurl }}/b.jpg)\n{% endfigure %}\nAfter.\n";
    let (out, removed) = run(Generator::Jekyll, body);
    assert!(removed.is_empty(), "{removed:?}");
    let base = url::Url::parse("https://b.example/").unwrap();
    let html = crate::content::render(&out, &base, true, false, false).html.unwrap();
    assert_eq!(
        html,
        "<p>Before.</p>\n<figure>\n<p><img src=\"https://b.example/blog/b.jpg\" alt=\"Bricks\" /></p>\n\
         <figcaption>A <em>brick</em> <a href=\"https://b.example/blog/g/\">guide</a>.</figcaption>\n</figure>\n<p>After.</p>\n"
    );
    // In a list item, the figure stays in the item; with no caption, no figcaption.
    let listed = jekyll("1. Step:\n   {% figure %}\n   ![a](a.png)\n   {% endfigure %}\n2. Next\n");
    let html = crate::content::render(&listed, &base, true, false, false).html.unwrap();
    assert_eq!(html.matches("<ol").count(), 1, "{html}");
    assert!(html.contains("<figure>") && !html.contains("figcaption"), "{html}");
    // An unpaired figure tag is some other plugin's: removed.
    assert_eq!(run(Generator::Jekyll, "{% figure a.png %}").1, ["{% figure %}"]);
}

#[test]
fn mermaid_diagrams_become_mermaid_code_blocks() {
    let diagram = "graph TD\n    A[Start] --> B{Is it?}\n";
    let expected = "```mermaid\ngraph TD\n    A[Start] --> B{Is it?}\n```\n";
    assert_eq!(
        run(Generator::Hugo, &format!("{{{{< mermaid align=\"left\" >}}}}\n{diagram}{{{{< /mermaid >}}}}")).0,
        expected
    );
    assert_eq!(run(Generator::Hugo, &format!("{{{{% mermaid %}}}}\n{diagram}{{{{% /mermaid %}}}}")).0, expected);
    assert_eq!(
        run(Generator::Jekyll, &format!("{{% mermaid %}}\n{diagram}{{% endmermaid %}}")),
        (expected.to_string(), vec![])
    );
}

#[test]
fn render_template_keeps_only_a_markdown_body() {
    let (body, removed) = run(
        Generator::Eleventy,
        "{% renderTemplate \"webc\" %}<div><x-player :@slug=\"a\"></x-player></div>{% endrenderTemplate %}\n{% renderTemplate \"liquid,md\" %}*kept*{% endrenderTemplate %}",
    );
    assert_eq!(body, "\n*kept*");
    assert_eq!(removed, ["{% renderTemplate %}", "{% renderTemplate %}"]);
}

#[test]
fn hugo_shortcode_names_may_start_with_a_digit_or_underscore() {
    let (body, removed) =
        run(Generator::Hugo, "{{< 26_disclaimer >}}\n{{% _x.inline %}}in{{% /_x.inline %}} {{< café >}}");
    assert_eq!(body, "\nin ");
    assert_eq!(removed, ["{{< 26_disclaimer >}}", "{{% _x.inline %}}", "{{< café >}}"]);
    // Not a name: stays text.
    assert_eq!(run(Generator::Hugo, "{{< -x >}} {{< >}}").0, "{{< -x >}} {{< >}}");
}
