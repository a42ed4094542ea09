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
    match apply(body, Dialect::of(generator), &resolve, &vars) {
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
