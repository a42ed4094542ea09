//! How five sites show a link's card when a post is shared, as far as their
//! own code and documents say: the shape they crop the image to and the
//! width they show it at. The page mocks each frame with plain HTML.

/// How a site fits the card into its frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fit {
    /// Cropped to this width:height ratio (CSS `object-fit: cover`).
    Crop(f64),
    /// The whole card, scaled down to fit within this box.
    Within { width: u32, height: u32 },
}

#[derive(Debug, Clone, Copy)]
pub struct Platform {
    /// The CSS class and `data-platform` of its frame.
    pub key: &'static str,
    pub name: &'static str,
    /// The width of the link card in a desktop timeline, in CSS pixels.
    pub width: u32,
    pub fit: Fit,
    /// Where the rule comes from, shown on the page.
    pub source: &'static str,
}

pub const PLATFORMS: [Platform; 5] = [
    // Mastodon's web client (features/status/components/card.tsx) gives a
    // large preview image `aspect-ratio: 1.91 / 1`; the card spans the post.
    Platform {
        key: "mastodon",
        name: "Mastodon",
        width: 500,
        fit: Fit::Crop(1.91),
        source: "Mastodon web client, status card: large image at aspect-ratio 1.91 / 1",
    },
    // Bluesky's app (lib/constants.ts) sets CARD_ASPECT_RATIO = 1200 / 630
    // for the thumbnail of an external link embed.
    Platform {
        key: "bluesky",
        name: "Bluesky",
        width: 500,
        fit: Fit::Crop(1200.0 / 630.0),
        source: "Bluesky app, external embed: thumbnail at CARD_ASPECT_RATIO = 1200 / 630",
    },
    // LinkedIn asks for 1200 x 627 link images (1.91:1) and crops others to it.
    Platform {
        key: "linkedin",
        name: "LinkedIn",
        width: 552,
        fit: Fit::Crop(1.91),
        source: "LinkedIn link preview: 1200 x 627 px, cropped to 1.91:1",
    },
    // Slack's message attachment docs: images are resized to at most 360 px
    // wide or 500 px high, keeping their aspect ratio (no crop).
    Platform {
        key: "slack",
        name: "Slack",
        width: 420,
        fit: Fit::Within { width: 360, height: 500 },
        source: "Slack attachments: image at most 360 px wide or 500 px high, aspect ratio kept",
    },
    // X's developer docs for summary_large_image: images of aspect ratio
    // 2:1; the timeline shows them 506 px wide, the domain over the image.
    Platform {
        key: "x",
        name: "X",
        width: 506,
        fit: Fit::Crop(2.0),
        source: "X summary_large_image card: 2:1, domain shown over the image",
    },
];

impl Platform {
    /// The width:height of the image box for a card of this size.
    pub fn ratio(&self, card_width: u32, card_height: u32) -> f64 {
        match self.fit {
            Fit::Crop(ratio) => ratio,
            Fit::Within { .. } => f64::from(card_width) / f64::from(card_height.max(1)),
        }
    }

    /// The image box's width in CSS pixels.
    pub fn image_width(&self, card_width: u32, card_height: u32) -> f64 {
        match self.fit {
            Fit::Crop(_) => f64::from(self.width),
            Fit::Within { width, height } => {
                let ratio = self.ratio(card_width, card_height);
                f64::from(width).min(f64::from(height) * ratio).min(f64::from(card_width))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_keeps_the_cards_shape_within_its_box() {
        let slack = PLATFORMS.iter().find(|p| p.key == "slack").unwrap();
        assert_eq!(slack.image_width(1200, 630), 360.0);
        // A tall card is held to 500 px high.
        assert!((slack.image_width(630, 1200) - 500.0 * 630.0 / 1200.0).abs() < 1e-9);
        assert_eq!(slack.ratio(1080, 1080), 1.0);
        let x = PLATFORMS.iter().find(|p| p.key == "x").unwrap();
        assert_eq!((x.ratio(1080, 1080), x.image_width(1080, 1080)), (2.0, 506.0));
    }
}
