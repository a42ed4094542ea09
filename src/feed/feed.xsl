<?xml version="1.0" encoding="utf-8"?>
<!--
  feedcard's feed page: a browser that opens rss.xml or atom.xml shows this
  page instead of raw XML. XSLT 1.0 (what browsers run), no scripts, no
  external files. Feed readers ignore it.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:media="http://search.yahoo.com/mrss/"
  exclude-result-prefixes="atom media">

  <xsl:output method="html" encoding="utf-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:template match="/rss">
    <xsl:call-template name="page">
      <xsl:with-param name="format" select="'RSS'"/>
      <xsl:with-param name="lang" select="channel/language"/>
      <xsl:with-param name="title" select="channel/title"/>
      <xsl:with-param name="description" select="channel/description"/>
      <xsl:with-param name="site" select="channel/link"/>
      <xsl:with-param name="address" select="channel/atom:link[@rel = 'self']/@href"/>
      <xsl:with-param name="items" select="channel/item"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/atom:feed">
    <xsl:call-template name="page">
      <xsl:with-param name="format" select="'Atom'"/>
      <xsl:with-param name="lang" select="@xml:lang"/>
      <xsl:with-param name="title">
        <xsl:call-template name="text-construct">
          <xsl:with-param name="node" select="atom:title"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="description">
        <xsl:call-template name="text-construct">
          <xsl:with-param name="node" select="atom:subtitle"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="site" select="atom:link[@rel = 'alternate'][1]/@href"/>
      <xsl:with-param name="address" select="atom:link[@rel = 'self']/@href"/>
      <xsl:with-param name="items" select="atom:entry"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="format"/>
    <xsl:param name="lang"/>
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="site"/>
    <xsl:param name="address"/>
    <xsl:param name="items"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$format"/> feed)</title>
        <style>
          :root {
            --text: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f3f5f7;
            --line: #d8dee4; --link: #0b5cad; --accent: #c2410c;
          }
          @media (prefers-color-scheme: dark) {
            :root {
              --text: #e6edf3; --muted: #9da7b3; --bg: #0f1419; --panel: #1a2129;
              --line: #2f3a45; --link: #6cb6ff; --accent: #fb923c;
            }
          }
          * { box-sizing: border-box; }
          body {
            margin: 0; background: var(--bg); color: var(--text);
            font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, "Helvetica Neue", Arial, sans-serif;
          }
          main { max-width: 44rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
          a { color: var(--link); }
          .badge {
            display: inline-block; margin: 0; padding: 0.1rem 0.6rem; border-radius: 999px;
            background: var(--accent); color: #fff; font-size: 0.8rem; font-weight: 600; letter-spacing: 0.02em;
          }
          h1 { font-size: 2rem; line-height: 1.2; margin: 0.6rem 0 0.4rem; }
          .description { color: var(--muted); margin: 0 0 0.6rem; }
          .about {
            background: var(--panel); border: 1px solid var(--line); border-radius: 0.75rem;
            padding: 1rem 1.25rem; margin: 1.75rem 0 2.5rem;
          }
          .about h2 { font-size: 1.05rem; margin: 0 0 0.4rem; }
          .about p { margin: 0.4rem 0; }
          .address {
            display: block; padding: 0.55rem 0.75rem; border: 1px solid var(--line); border-radius: 0.5rem;
            background: var(--bg); font: 0.92rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
            overflow-wrap: anywhere; user-select: all; -webkit-user-select: all;
          }
          .items h2 { font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: 0.4rem; }
          .item { padding: 1.25rem 0; border-bottom: 1px solid var(--line); }
          @media (min-width: 36rem) {
            .has-card { display: grid; grid-template-columns: 12rem 1fr; column-gap: 1.25rem; align-items: start; }
          }
          .item h3 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 0.25rem; }
          .item h3 a { text-decoration: none; }
          .item h3 a:hover { text-decoration: underline; }
          .meta { color: var(--muted); font-size: 0.88rem; margin: 0 0 0.5rem; }
          .summary { margin: 0.5rem 0 0; }
          .card img {
            display: block; width: 100%; height: auto; margin: 0.2rem 0 0.75rem;
            border-radius: 0.4rem; border: 1px solid var(--line);
          }
          .empty { color: var(--muted); }
        </style>
      </head>
      <body>
        <main id="feed-page">
          <header>
            <p class="badge"><xsl:value-of select="$format"/> feed</p>
            <h1><xsl:value-of select="$title"/></h1>
            <xsl:if test="normalize-space($description)">
              <p class="description"><xsl:value-of select="$description"/></p>
            </xsl:if>
            <xsl:if test="$site">
              <a href="{$site}">Visit the website</a>
            </xsl:if>
          </header>
          <section class="about">
            <h2>This is a web feed</h2>
            <p>
              A feed lists a site's newest posts in a form that feed reader apps understand.
              Subscribe, and your reader shows each new post as it is published: no account,
              no mailing list, nothing to sign up for.
            </p>
            <p>To subscribe, copy this address into your feed reader:</p>
            <code class="address"><xsl:value-of select="$address"/></code>
          </section>
          <section class="items">
            <h2>Recent posts</h2>
            <xsl:apply-templates select="$items"/>
            <xsl:if test="not($items)">
              <p class="empty">No posts yet.</p>
            </xsl:if>
          </section>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <xsl:call-template name="item">
      <xsl:with-param name="link" select="link"/>
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="time" select="pubDate"/>
      <!-- 'Sat, 02 Nov 2024 08:14:09 +0000' shown as '2 Nov 2024' -->
      <xsl:with-param name="date" select="concat(number(substring(pubDate, 6, 2)), substring(pubDate, 8, 9))"/>
      <xsl:with-param name="tags" select="category"/>
      <xsl:with-param name="image"
        select="(media:content[@medium = 'image' or starts-with(@type, 'image/')]/@url | enclosure[starts-with(@type, 'image/')]/@url)[1]"/>
      <xsl:with-param name="width" select="media:content[@medium = 'image' or starts-with(@type, 'image/')][1]/@width"/>
      <xsl:with-param name="height" select="media:content[@medium = 'image' or starts-with(@type, 'image/')][1]/@height"/>
      <!-- feedcard writes the plain-text summary HTML-escaped: undo that,
           and the page's own output escaping does the rest. -->
      <xsl:with-param name="summary">
        <xsl:call-template name="unescape">
          <xsl:with-param name="text" select="description"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:variable name="time" select="atom:published | atom:updated[not(../atom:published)]"/>
    <xsl:call-template name="item">
      <xsl:with-param name="link" select="(atom:link[@rel = 'alternate' or not(@rel)])[1]/@href"/>
      <xsl:with-param name="title">
        <xsl:call-template name="text-construct">
          <xsl:with-param name="node" select="atom:title"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="time" select="$time"/>
      <xsl:with-param name="date">
        <xsl:value-of select="number(substring($time, 9, 2))"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="substring('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * number(substring($time, 6, 2)) - 2, 3)"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="substring($time, 1, 4)"/>
      </xsl:with-param>
      <xsl:with-param name="tags" select="atom:category/@term"/>
      <xsl:with-param name="image"
        select="atom:link[@rel = 'enclosure'][starts-with(@type, 'image/') or not(@type)][1]/@href"/>
      <xsl:with-param name="summary">
        <xsl:call-template name="text-construct">
          <xsl:with-param name="node" select="atom:summary"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="item">
    <xsl:param name="link"/>
    <xsl:param name="title"/>
    <xsl:param name="time"/>
    <xsl:param name="date"/>
    <xsl:param name="tags"/>
    <xsl:param name="image"/>
    <xsl:param name="width"/>
    <xsl:param name="height"/>
    <xsl:param name="summary"/>
    <article class="item">
      <xsl:if test="$image">
        <xsl:attribute name="class">item has-card</xsl:attribute>
        <a class="card" href="{$link}" tabindex="-1" aria-hidden="true">
          <img src="{$image}" alt="" loading="lazy">
            <xsl:if test="$width and $height">
              <xsl:attribute name="width"><xsl:value-of select="$width"/></xsl:attribute>
              <xsl:attribute name="height"><xsl:value-of select="$height"/></xsl:attribute>
            </xsl:if>
          </img>
        </a>
      </xsl:if>
      <div>
        <h3><a href="{$link}"><xsl:value-of select="$title"/></a></h3>
        <p class="meta">
          <xsl:if test="$time">
            <time datetime="{$time}"><xsl:value-of select="$date"/></time>
          </xsl:if>
          <xsl:for-each select="$tags">
            <xsl:text> · #</xsl:text><xsl:value-of select="normalize-space(.)"/>
          </xsl:for-each>
        </p>
        <xsl:if test="normalize-space($summary) and normalize-space($summary) != normalize-space($title)">
          <p class="summary"><xsl:value-of select="$summary"/></p>
        </xsl:if>
      </div>
    </article>
  </xsl:template>

  <!-- An Atom text construct as plain text: type="html" holds escaped text. -->
  <xsl:template name="text-construct">
    <xsl:param name="node"/>
    <xsl:choose>
      <xsl:when test="$node/@type = 'html'">
        <xsl:call-template name="unescape">
          <xsl:with-param name="text" select="string($node)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$node"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Turns the five entities of escaped plain text back into characters. -->
  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&amp;')">
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
        <xsl:variable name="entity" select="substring-before($rest, ';')"/>
        <xsl:choose>
          <xsl:when test="$entity = 'amp'">&amp;</xsl:when>
          <xsl:when test="$entity = 'lt'">&lt;</xsl:when>
          <xsl:when test="$entity = 'gt'">&gt;</xsl:when>
          <xsl:when test="$entity = 'quot'">"</xsl:when>
          <xsl:when test="$entity = '#39' or $entity = 'apos'">'</xsl:when>
          <xsl:otherwise>&amp;</xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="unescape">
          <xsl:with-param name="text">
            <xsl:choose>
              <xsl:when test="$entity = 'amp' or $entity = 'lt' or $entity = 'gt' or $entity = 'quot' or $entity = '#39' or $entity = 'apos'">
                <xsl:value-of select="substring-after($rest, ';')"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="$rest"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
