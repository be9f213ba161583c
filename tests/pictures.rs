//! The portfolio analytics against a book worked by hand, their laws, and the
//! pictures: well-formed, rendered to pixels, bars where their values say.

use keyaccount::picture;
use keyaccount::portfolio::{Book, Entry, Report};
use keyaccount::{Account, Currency, Policy, Stage, Verdict, evaluate, sensitivity};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::d;

/// One year, no discounting, no risk: V = R (m − c) − C exactly.
fn simple_policy() -> Policy {
    Policy::builder()
        .discount_rate(Decimal::ZERO)
        .horizon_years(1)
        .build()
        .unwrap()
}

fn book_of(accounts: &[(&str, &str, &str, &str, &str)], policy: &Policy) -> Book {
    let mut book = Book::default();
    for (id, annual, margin, concession, cost) in accounts {
        let account = Account::builder(*id, Currency::EUR, Stage::Active)
            .revenue(d(annual), d(margin))
            .concession(d(concession))
            .service(d(cost))
            .build()
            .unwrap();
        book.add(Entry::new(&account, &evaluate(&account, policy).unwrap()));
    }
    book
}

/// Worked by hand, with V = R (m − c) − C:
///
/// | id | R | m | c | C | V | revenue share | cost share | price |
/// |---|---|---|---|---|---|---|---|---|
/// | A | 1000 | 0.5 | 0 | 0 | 500 | 0.2 | 0 | 1 |
/// | B | 2000 | 0.2 | 0 | 100 | 300 | 0.4 | 0.05 | 1 |
/// | C | 500 | 0.1 | 0 | 150 | −100 | 0.1 | 0.3 | 1 |
/// | D | 500 | 0.3 | 0.1 | 0 | 100 | 0.1 | 0 | 0.9 |
/// | E | 1000 | 0.1 | 0 | 300 | −200 | 0.2 | 0.3 | 1 |
///
/// Total value 600. Whale, by value: A 500 (5/6), B 800 (4/3), D 900 (3/2), C 800,
/// E 600 (1): peak 150 % after 3 accounts; the top 20 % is ⌈0.2 × 5⌉ = 1 account,
/// A, with 5/6; loss-makers −300 (2). HHI = 0.04 + 0.16 + 0.01 + 0.01 + 0.04 =
/// 0.26; B's 0.4 is above 0.25. Price median 1 (D alone is low), cost-share median
/// 0.05 (B, C, E high): carriage trade B, C, E; passive A; bargain basement D.
/// Key-account matrix: coverage 0 for all (no roles listed), so all are at the
/// strength median, in the high half; the gap to the bar (hurdle 0) is the value,
/// split at 0: A, B, D strategic, C and E status. C and E are released (each needs a 67 % cost cut, above 30 %,
/// and has no concession to cut): value gained 300, revenue given up 1500, 70 %
/// remains, HHI after (2/7)² + (4/7)² + (1/7)² = 21/49.
#[test]
fn a_book_worked_by_hand() {
    let policy = simple_policy();
    let book = book_of(
        &[
            ("A", "1000", "0.5", "0", "0"),
            ("B", "2000", "0.2", "0", "100"),
            ("C", "500", "0.1", "0", "150"),
            ("D", "500", "0.3", "0.1", "0"),
            ("E", "1000", "0.1", "0", "300"),
        ],
        &policy,
    );
    let report = book.analyze(&policy);
    assert_eq!(report.views.len(), 1);
    assert!(report.notes.is_empty());
    let v = &report.views[0];
    let ids = |list: &[keyaccount::portfolio::Ranked]| -> Vec<String> {
        list.iter().map(|r| r.id.clone()).collect()
    };
    assert_eq!(ids(&v.ranking), ["A", "B", "D", "C", "E"]);
    assert_eq!(ids(&v.efficiency), ["B", "C", "E", "A", "D"]);
    assert_eq!(v.efficiency[0].figure, Some(d("3")));
    let w = &v.whale;
    assert_eq!(w.total, Some(d("600")));
    let shares: Vec<Decimal> = w.points.iter().map(|p| p.share.unwrap()).collect();
    assert_eq!(shares[2], d("1.5"));
    assert_eq!(shares[4], Decimal::ONE);
    assert_eq!((w.peak_share, w.peak_accounts), (Some(d("1.5")), 3));
    assert_eq!(w.top_count, 1);
    assert_eq!(w.top_share.unwrap().round_dp(10), d("0.8333333333"));
    assert_eq!((w.loss_makers, w.loss_maker_count), (Some(d("-300")), 2));
    let c = &v.concentration;
    assert_eq!(c.hhi, Some(d("0.26")));
    assert_eq!(c.flagged, ["B"]);
    assert_eq!(c.largest.as_ref().map(|r| r.id.as_str()), Some("B"));
    let members = |m: &keyaccount::portfolio::Matrix, name: &str| -> Vec<String> {
        let q = m.quadrants.iter().find(|q| q.name == name).unwrap();
        q.accounts.iter().map(|p| p.id.clone()).collect()
    };
    let pc = &v.price_cost;
    assert_eq!(
        (pc.x_split, pc.y_split),
        (Some(d("0.05")), Some(Decimal::ONE))
    );
    assert_eq!(members(pc, "carriage_trade"), ["B", "C", "E"]);
    assert_eq!(members(pc, "passive"), ["A"]);
    assert!(members(pc, "aggressive").is_empty());
    assert_eq!(members(pc, "bargain_basement"), ["D"]);
    let ka = &v.key_accounts;
    // Split at each account's own bar: here the hurdle is 0 and nothing stays
    // after a release, so the gap is the value.
    assert_eq!(ka.y_split, Some(Decimal::ZERO));
    assert_eq!(members(ka, "strategic"), ["A", "B", "D"]);
    assert_eq!(members(ka, "status"), ["C", "E"]);
    let r = &v.release;
    assert_eq!(r.accounts, ["C", "E"]);
    assert_eq!(
        (r.value_gained, r.revenue_given_up),
        (Some(d("300")), d("1500"))
    );
    assert_eq!(r.revenue_share_remaining, Some(d("0.7")));
    assert_eq!(
        r.hhi_after.unwrap().round_dp(20),
        (d("21") / d("49")).round_dp(20)
    );
}

#[test]
fn empty_and_single_account_books_are_answers_not_errors() {
    let policy = simple_policy();
    let report = Book::default().analyze(&policy);
    assert!(report.views.is_empty());
    let book = book_of(&[("A", "1000", "0.5", "0", "0")], &policy);
    let v = &book.analyze(&policy).views[0];
    assert_eq!(v.whale.peak_share, Some(Decimal::ONE));
    assert_eq!(v.concentration.hhi, Some(Decimal::ONE));
    assert_eq!(v.whale.top_count, 1);
    assert!(!picture::whale(v).is_empty());
    let losing = book_of(&[("L", "1000", "0.1", "0", "500")], &policy);
    let v = &losing.analyze(&policy).views[0];
    assert_eq!(v.whale.peak_share, None);
    assert!(
        v.whale
            .note
            .as_deref()
            .unwrap()
            .contains("zero or negative")
    );
}

#[test]
fn mixed_currencies_stay_apart_unless_rates_convert_them() {
    let policy = simple_policy();
    let mut book = book_of(&[("A", "1000", "0.5", "0", "0")], &policy);
    let rub = Account::builder("R", Currency::RUB, Stage::Active)
        .revenue(d("100000"), d("0.2"))
        .build()
        .unwrap();
    book.add(Entry::new(&rub, &evaluate(&rub, &policy).unwrap()));
    let report = book.analyze(&policy);
    assert_eq!(report.views.len(), 2);
    assert!(report.notes[0].contains("never added together"));
    let with_rates = policy
        .to_builder()
        .base_currency(Currency::EUR)
        .exchange_rate(Currency::RUB, d("0.01"))
        .build()
        .unwrap();
    let report = book.analyze(&with_rates);
    assert_eq!(report.views.len(), 3);
    let combined = report.views.iter().find(|v| v.combined).unwrap();
    // 500 EUR + 20 000 RUB × 0.01.
    assert_eq!(combined.whale.total, Some(d("700")));
}

fn random_book() -> impl Strategy<Value = Vec<(u32, u32, u32)>> {
    prop::collection::vec((1u32..=5_000, 0u32..=100, 0u32..=2_000), 1..12)
}

fn build(rows: &[(u32, u32, u32)], policy: &Policy) -> Report {
    let mut book = Book::default();
    for (i, (annual, margin, cost)) in rows.iter().enumerate() {
        let account = Account::builder(format!("X{i}"), Currency::EUR, Stage::Active)
            .revenue(Decimal::from(*annual), Decimal::new(i64::from(*margin), 2))
            .service(Decimal::from(*cost))
            .build()
            .unwrap();
        book.add(Entry::new(&account, &evaluate(&account, policy).unwrap()));
    }
    book.analyze(policy)
}

proptest! {
    /// The whale curve ends at 100 % of total value, and its peak is at least
    /// 100 % whenever some account loses money (and the total is positive).
    #[test]
    fn whale_curve_ends_at_the_total(rows in random_book()) {
        let report = build(&rows, &simple_policy());
        let w = &report.views[0].whale;
        if w.total.is_some_and(|t| t > Decimal::ZERO) {
            prop_assert_eq!(w.points.last().unwrap().share, Some(Decimal::ONE));
            if w.loss_maker_count > 0 {
                prop_assert!(w.peak_share.unwrap() >= Decimal::ONE);
            }
        } else {
            prop_assert!(w.peak_share.is_none() && w.note.is_some());
        }
    }

    /// Revenue shares add up to 1 (within Decimal's last digits), HHI lies in
    /// (0, 1], and the ranking is a permutation of the book.
    #[test]
    fn shares_sum_to_one_and_ranking_is_a_permutation(rows in random_book()) {
        let report = build(&rows, &simple_policy());
        let v = &report.views[0];
        let total: Decimal = v.concentration.shares.iter().map(|r| r.figure.unwrap()).sum();
        prop_assert!((total - Decimal::ONE).abs() <= d("0.000000000000000000001"));
        let hhi = v.concentration.hhi.unwrap();
        prop_assert!(hhi > Decimal::ZERO && hhi <= Decimal::ONE + d("0.000000000000000000001"));
        let mut ranked: Vec<String> = v.ranking.iter().map(|r| r.id.clone()).collect();
        ranked.sort();
        let mut ids: Vec<String> = (0..rows.len()).map(|i| format!("X{i}")).collect();
        ids.sort();
        prop_assert_eq!(ranked, ids);
        prop_assert!(v.ranking.windows(2).all(|w| w[0].figure >= w[1].figure));
    }
}

/// Renders an SVG to pixels in-process, with the DejaVu fonts where the machine
/// has them; parsing is also the well-formedness check.
fn render(svg: &str) -> resvg::tiny_skia::Pixmap {
    let mut options = resvg::usvg::Options::default();
    for font in [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ] {
        if let Ok(data) = std::fs::read(font) {
            options.fontdb_mut().load_font_data(data);
        }
    }
    let tree = resvg::usvg::Tree::from_str(svg, &options).expect("well-formed SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap
}

/// The share of dark pixels along the horizontal line through `y`, from `x` for
/// `w` pixels: a solid bar is nearly all dark, a hatched one about a third.
fn ink(pixmap: &resvg::tiny_skia::Pixmap, x: f64, y: f64, w: f64) -> f64 {
    let from = x.ceil() as u32;
    let to = (x + w).floor() as u32;
    let dark_count = (from..to)
        .filter(|px| dark(pixmap, f64::from(*px), y))
        .count();
    dark_count as f64 / f64::from((to - from).max(1))
}

fn dark(pixmap: &resvg::tiny_skia::Pixmap, x: f64, y: f64) -> bool {
    let p = pixmap.pixel(x as u32, y as u32).unwrap();
    u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue()) < 3 * 200
}

/// The attribute of the first element that carries `marker`.
fn attribute(svg: &str, marker: &str, name: &str) -> f64 {
    let at = svg.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let start = svg[..at].rfind('<').unwrap();
    let element = &svg[start..at + svg[at..].find('>').unwrap()];
    let key = format!(" {name}=\"");
    let from = element.find(&key).unwrap() + key.len();
    element[from..from + element[from..].find('"').unwrap()]
        .parse()
        .unwrap()
}

/// The waterfall's bars are proportional to the components they draw, the value
/// bar ends where the components end, and each bar is actually painted.
#[test]
fn waterfall_bars_stand_where_their_values_say() {
    let account =
        keyaccount::read::account(include_str!("../examples/data/sample_account.json").as_bytes())
            .unwrap();
    let policy = Policy::default();
    let e = evaluate(&account, &policy).unwrap();
    let table = sensitivity(&account, &policy).unwrap();
    let svg = picture::waterfall(&e, Some(&table));
    let pixmap = render(&svg);
    if let Ok(dir) = std::env::var("KEYACCOUNT_PICTURES") {
        pixmap.save_png(format!("{dir}/waterfall.png")).unwrap();
    }
    let steps = picture::waterfall_steps(&e);
    let value_bar = "data-label=\"value\"";
    let per_unit =
        attribute(&svg, value_bar, "height") / e.value.abs().try_into().unwrap_or(1.0_f64);
    for (name, from, to) in &steps {
        let marker = format!("data-label=\"{name}\"");
        let (x, y, w, h) = (
            attribute(&svg, &marker, "x"),
            attribute(&svg, &marker, "y"),
            attribute(&svg, &marker, "width"),
            attribute(&svg, &marker, "height"),
        );
        let amount: f64 = (*to - *from).abs().try_into().unwrap();
        if amount > 0.0 && h > 2.0 {
            let expected = amount * per_unit;
            assert!(
                (h - expected).abs() < 1.5,
                "{name}: height {h}, expected {expected}"
            );
            // Solid is nearly all ink, hatched about a fifth, the outline alone
            // under a tenth.
            let painted = ink(&pixmap, x + 1.0, y + h / 2.0, w - 2.0);
            assert!(painted > 0.15, "{name} is not painted ({painted})");
        }
    }
    // The value bar's far end lines up with the last component's end.
    let contribution_top = attribute(&svg, "data-label=\"contribution\"", "y");
    assert!(contribution_top > 0.0);
    // Labels are drawn: the title row has dark pixels where its text is.
    let title_ink = (30..400)
        .filter(|x| dark(&pixmap, f64::from(*x), 25.0))
        .count();
    assert!(title_ink > 20, "the title is not rendered");
    assert!(e.verdict == Verdict::Restructure);
}

#[test]
fn portfolio_pictures_render_and_the_page_is_self_contained() {
    let policy = simple_policy();
    let book = book_of(
        &[
            ("A", "1000", "0.5", "0", "0"),
            ("B", "2000", "0.2", "0", "100"),
            ("C<&>", "500", "0.1", "0", "150"),
        ],
        &policy,
    );
    let report = book.analyze(&policy);
    let view = &report.views[0];
    for svg in [
        picture::whale(view),
        picture::bubbles(view),
        picture::key_accounts(view),
        picture::matrix(&view.price_cost, "Price and cost"),
    ] {
        let pixmap = render(&svg);
        if let Ok(dir) = std::env::var("KEYACCOUNT_PICTURES") {
            let name = svg
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split('<').next())
                .unwrap_or("x");
            pixmap
                .save_png(format!("{dir}/{}.png", name.replace([' ', ','], "_")))
                .unwrap();
        }
        let ink = pixmap.pixels().iter().filter(|p| p.red() < 128).count();
        assert!(ink > 500, "almost nothing drawn");
    }
    let mut report = report;
    report
        .left_out
        .push("line 9: account \"<text> & more\": revenue.annual is required".to_owned());
    let page = picture::html(&report, "6 December 2026");
    assert!(
        page.contains("account &quot;&lt;text&gt; &amp; more&quot;"),
        "{page}"
    );
    assert!(page.contains("Records left out (1)"));
    for external in [
        "<script", "src=", "href=", "@import", "url(http", "https://",
    ] {
        assert!(!page.contains(external), "the page refers to {external}");
    }
    // Three pictures of the book, and a waterfall for each account.
    assert_eq!(page.matches("<svg ").count(), 3 + 3);
}

/// The pictures in the README are what the examples draw from the bundled data
/// today, and they render.
#[test]
fn readme_pictures_are_current_and_render() {
    for (name, args) in [
        (
            "whale.svg",
            &[
                "portfolio",
                "--policy",
                "examples/data/policy.json",
                "examples/data/accounts.csv",
                "--svg",
            ][..],
        ),
        ("waterfall.svg", &["evaluate", "--sensitivity", "--svg"][..]),
    ] {
        let committed =
            std::fs::read_to_string(format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let target = std::env::temp_dir().join(format!("keyaccount-{}-{name}", std::process::id()));
        let mut command = crate::examples::example(args[0]);
        command.args(&args[1..]).arg(&target);
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let drawn = std::fs::read_to_string(&target).unwrap();
        std::fs::remove_file(&target).unwrap();
        assert_eq!(
            drawn, committed,
            "docs/{name} is out of date: run the example to redraw it"
        );
        let pixmap = render(&committed);
        if let Ok(dir) = std::env::var("KEYACCOUNT_PICTURES") {
            pixmap.save_png(format!("{dir}/docs-{name}.png")).unwrap();
        }
    }
}

/// The README's scaling plot (drawn by `benches/plot_scale.py` from the table of
/// `benches/scale.sh`) renders with every point painted; each point stands where its
/// seconds put it on the panel's linear axes; and its seconds are the README table's
/// figures, so the plot cannot go stale when the table is re-measured.
#[test]
fn scaling_plot_renders_and_agrees_with_the_readme_table() {
    let root = env!("CARGO_MANIFEST_DIR");
    let svg = std::fs::read_to_string(format!("{root}/docs/scaling.svg")).unwrap();
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    // | rows | horizon | 1 thread | 2 threads | peak RSS |, rows/s with thousands commas.
    let number = |cell: &str| -> f64 {
        let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
        digits.parse().unwrap()
    };
    let table: Vec<[f64; 4]> = readme
        .lines()
        .filter(|l| l.ends_with("MiB |") && l.contains("rows/s"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            [cells[1], cells[2], cells[3], cells[4]].map(number)
        })
        .collect();
    assert!(table.len() >= 6, "the README's scaling table: {table:?}");
    let pixmap = render(&svg);
    if let Ok(dir) = std::env::var("KEYACCOUNT_PICTURES") {
        pixmap
            .save_png(format!("{dir}/docs-scaling.svg.png"))
            .unwrap();
    }
    // Both panels' plotting areas are 190 px high with their bottom at y = 230, and
    // start at x = 70 and x = 430.
    for (panel, left) in [("rows", 70.0), ("horizon", 430.0)] {
        let mut points = Vec::new();
        for (column, series) in [(2, "1 thread"), (3, "all threads")] {
            let marker = format!("class=\"{panel}\" data-series=\"{series}\"");
            for (at, _) in svg.match_indices(&marker) {
                let element = &svg[svg[..at].rfind('<').unwrap()..];
                let get = |name| attribute(element, &marker, name);
                let (x, seconds) = (get("data-x"), get("data-seconds"));
                let (cx, cy) = (get("cx"), get("cy"));
                assert!(
                    dark(&pixmap, cx, cy),
                    "{panel} {series}: no ink at {cx},{cy}"
                );
                let row = table
                    .iter()
                    .find(|r| match panel {
                        "rows" => r[0] == x && r[1] == 5.0,
                        _ => r[0] == 100_000.0 && r[1] == x,
                    })
                    .unwrap_or_else(|| panic!("{panel} {series} {x}: not in the README"));
                let rows = if panel == "rows" { x } else { 100_000.0 };
                // Below the timer's 0.01 s the table's rows/s says nothing.
                if seconds > 0.0 {
                    let shown = row[column];
                    assert!(
                        (rows / seconds - shown).abs() <= 1_000.0,
                        "{panel} {series} {x}: {seconds} s is not the README's {shown} rows/s"
                    );
                }
                points.push((x, seconds, cx - left, 230.0 - cy));
            }
        }
        assert!(points.len() >= 8, "{panel}: {points:?}");
        // Linear axes: pixels over data are the same for every point of the panel.
        let (max_x, max_s) = points
            .iter()
            .fold((0.0_f64, 0.0_f64), |(a, b), p| (a.max(p.0), b.max(p.1)));
        let top = points.iter().find(|p| p.1 == max_s).unwrap().3;
        let right = points.iter().find(|p| p.0 == max_x).unwrap().2;
        for (x, seconds, px, py) in &points {
            assert!((px - x / max_x * right).abs() < 0.01, "{panel} x {x}: {px}");
            assert!(
                (py - seconds / max_s * top).abs() < 0.01,
                "{panel} {seconds} s: {py}"
            );
        }
    }
}

/// The negotiation page on the bundled proposals: one bridge per proposal that
/// renders, a bar per change with its manager's label, the bar the value must
/// reach drawn and named inside the picture, and nothing external.
#[test]
fn the_negotiation_page_draws_a_bridge_per_proposal() {
    let policy = crate::common::policy(include_str!("../examples/data/policy.json"));
    let list = include_str!("../examples/data/accounts.csv");
    let records = keyaccount::read::records(
        list.as_bytes(),
        keyaccount::read::Format::Csv,
        &keyaccount::read::ReadOptions::default(),
    )
    .unwrap();
    let account = records
        .filter_map(|r| r.unwrap().account.ok())
        .find(|a| a.id() == "KA-043")
        .unwrap();
    let proposals =
        keyaccount::read::proposals(include_str!("../examples/data/proposals.json").as_bytes())
            .unwrap();
    let desk = keyaccount::negotiate(&account, &policy, &proposals).unwrap();
    for proposal in &desk.proposals {
        let svg = picture::bridge(&desk.as_is, proposal);
        let pixmap = render(&svg);
        if let Ok(dir) = std::env::var("KEYACCOUNT_PICTURES") {
            let name = proposal.name.replace([' ', ',', '\''], "_");
            pixmap.save_png(format!("{dir}/bridge_{name}.png")).unwrap();
        }
        let valued = proposal.outcome.as_ref().unwrap();
        // Today's bar, one per change alone, the interaction, the proposal's:
        // each labelled under the axis, and a bar wherever it moves the value.
        let labels = svg.matches("transform=\"rotate(-35").count();
        assert_eq!(labels, valued.effects.len() + 3, "{svg}");
        let moving = valued
            .effects
            .iter()
            .filter(|e| e.delta != Some(Decimal::ZERO))
            .count()
            + usize::from(valued.interaction != Some(Decimal::ZERO))
            + 2;
        assert_eq!(svg.matches("<rect x=").count(), moving, "{svg}");
        for effect in &valued.effects {
            assert!(
                svg.contains(&format!(">{}</text>", effect.label)),
                "{}",
                effect.label
            );
        }
        assert!(svg.contains("hurdle 150,000"), "the hurdle is named");
        // The label of the line ends inside the picture (at most 7 pixels a
        // character in 11-pixel DejaVu Sans).
        let width = attribute(&svg, "xmlns=", "width");
        let start = attribute(&svg, "text-anchor=\"start\" fill=\"#c00000\"", "x");
        let label = svg
            .split("fill=\"#c00000\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        let end = start + 7.0 * label.chars().count() as f64;
        assert!(end <= width, "{label}: {end} > {width}");
        let ink = pixmap.pixels().iter().filter(|p| p.red() < 128).count();
        assert!(ink > 500, "almost nothing drawn");
    }
    let retailer = &desk.proposals[0];
    let svg = picture::bridge(&desk.as_is, retailer);
    assert!(svg.contains("payment terms 90 → 120 days"));
    assert!(svg.contains("interaction"));
    let page = picture::negotiation_html(&desk);
    for external in [
        "<script", "src=", "href=", "@import", "url(http", "https://",
    ] {
        assert!(!page.contains(external), "the page refers to {external}");
    }
    assert_eq!(page.matches("<svg ").count(), desk.proposals.len());
    assert!(page.contains("@media print"));
    assert!(page.contains("retailer&apos;s ask"));
    assert!(page.contains("What one step of each lever is worth"));
}

/// The bundled account list under the bundled policy, as `portfolio` reads it.
fn bundled_report(policy: &Policy) -> Report {
    let list = include_str!("../examples/data/accounts.csv");
    let records = keyaccount::read::records(
        list.as_bytes(),
        keyaccount::read::Format::Csv,
        &keyaccount::read::ReadOptions::default(),
    )
    .unwrap();
    let book: Book = keyaccount::score(records, policy)
        .collect::<keyaccount::Result<_>>()
        .unwrap();
    book.analyze(policy)
}

/// A book of 50 generated accounts in four currencies, converted into one
/// combined EUR view by the policy's exchange rates.
fn generated_report() -> (Report, Policy) {
    let output = crate::examples::example("generate")
        .args(["50", "--seed", "11"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let policy = crate::common::policy(
        r#"{"hurdle": {"EUR": "150000", "USD": "150000", "RUB": "15000000", "GBP": "130000"},
            "portfolio": {"base_currency": "EUR",
                          "exchange_rates": {"USD": "0.9", "RUB": "0.01", "GBP": "1.15"}}}"#,
    );
    let records = keyaccount::read::records(
        output.stdout.as_slice(),
        keyaccount::read::Format::Csv,
        &keyaccount::read::ReadOptions::default(),
    )
    .unwrap();
    let book: Book = keyaccount::score(records, &policy)
        .collect::<keyaccount::Result<_>>()
        .unwrap();
    (book.analyze(&policy), policy)
}

/// Every element of a rendered SVG that has an id, with its box on the canvas
/// as resvg lays it out (text measured in the font it is drawn with).
fn boxes(svg: &str) -> Vec<(String, [f32; 4])> {
    fn walk(group: &resvg::usvg::Group, out: &mut Vec<(String, [f32; 4])>) {
        for node in group.children() {
            if !node.id().is_empty() {
                let b = node.abs_bounding_box();
                out.push((
                    node.id().to_owned(),
                    [b.left(), b.top(), b.right(), b.bottom()],
                ));
            }
            if let resvg::usvg::Node::Group(g) = node {
                walk(g, out);
            }
        }
    }
    let mut options = resvg::usvg::Options::default();
    if let Ok(data) = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") {
        options.fontdb_mut().load_font_data(data);
    }
    let tree = resvg::usvg::Tree::from_str(svg, &options).expect("well-formed SVG");
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    out
}

/// Checks one book picture as drawn: every account's point has its centre
/// inside the plotting area, no two labels overlap, and every label lies
/// inside the picture. Returns the number of points and labels.
fn check_layout(svg: &str, what: &str) -> (usize, usize) {
    let width = attribute(svg, "xmlns=", "width") as f32;
    let height = attribute(svg, "xmlns=", "height") as f32;
    let all = boxes(svg);
    let plot = all
        .iter()
        .find(|(id, _)| id.ends_with("-plot"))
        .unwrap_or_else(|| panic!("{what}: no plotting area"))
        .1;
    let points: Vec<_> = all
        .iter()
        .filter(|(id, _)| id.contains("-point-"))
        .collect();
    for (id, b) in &points {
        let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        assert!(
            cx > plot[0] && cx < plot[2] && cy > plot[1] && cy < plot[3],
            "{what}: {id} at ({cx}, {cy}) outside the axes {plot:?}"
        );
    }
    let labels: Vec<_> = all
        .iter()
        .filter(|(id, _)| id.contains("-label-"))
        .collect();
    for (i, (a, p)) in labels.iter().enumerate() {
        assert!(
            p[0] >= 0.0 && p[1] >= 0.0 && p[2] <= width && p[3] <= height,
            "{what}: {a} {p:?} leaves the picture"
        );
        for (b, q) in &labels[i + 1..] {
            let apart = p[2] <= q[0] || q[2] <= p[0] || p[3] <= q[1] || q[3] <= p[1];
            assert!(apart, "{what}: labels {a} {p:?} and {b} {q:?} overlap");
        }
    }
    (points.len(), labels.len())
}

fn save(svg: &str, name: &str) {
    if let Ok(dir) = std::env::var("KEYACCOUNT_PICTURES") {
        render(svg)
            .save_png(format!("{dir}/{}.png", name.replace([' ', ','], "_")))
            .unwrap();
    }
}

/// On the bundled book and on 50 generated accounts: the whale curve, the
/// key-account matrix and value against survival keep every point inside
/// their axes, labels apart and inside the picture, and label most accounts.
#[test]
fn book_pictures_keep_points_inside_and_labels_apart() {
    let policy = crate::common::policy(include_str!("../examples/data/policy.json"));
    let (generated, _) = generated_report();
    let bundled = bundled_report(&policy);
    for (book, report) in [("bundled", &bundled), ("generated", &generated)] {
        for view in &report.views {
            let active = view.whale.accounts;
            for (kind, svg, points) in [
                ("whale", picture::whale(view), active),
                ("matrix", picture::key_accounts(view), view.entries.len()),
                ("survival", picture::bubbles(view), view.entries.len()),
            ] {
                let what = format!("{book} {kind} {}", view.currency);
                save(&svg, &what);
                let (drawn, labels) = check_layout(&svg, &what);
                assert_eq!(drawn, points, "{what}: every account is a point");
                if kind != "whale" && points <= 20 {
                    assert!(labels * 4 >= points * 3, "{what}: {labels} labels");
                }
                assert!(labels > 0, "{what}: no label");
            }
        }
    }
    assert!(
        generated
            .views
            .iter()
            .any(|v| v.combined && v.entries.len() == 50)
    );
}

/// A book worth less than nothing still has its whale curve: every active
/// account a point, drawn in money with the total named.
#[test]
fn the_whale_curve_of_a_losing_book_has_its_points() {
    let policy = simple_policy();
    let book = book_of(
        &[
            ("A", "1000", "0.5", "0", "0"),
            ("B", "1000", "0.1", "0", "500"),
            ("C", "2000", "0.1", "0", "900"),
        ],
        &policy,
    );
    let report = book.analyze(&policy);
    let view = &report.views[0];
    assert!(view.whale.total.unwrap() < Decimal::ZERO);
    let svg = picture::whale(view);
    save(&svg, "losing whale");
    let (points, _) = check_layout(&svg, "losing whale");
    assert_eq!(points, 3);
    // 500 − 400 − 700.
    assert!(svg.contains(">total -600 EUR</text>"), "{svg}");
    assert!(!svg.contains("share of the total value"));
}

/// In the key-account matrix every account at or above its own bar is drawn
/// above the hurdle line and every other one below it: a `release` account is
/// never among the accounts to invest in.
#[test]
fn the_matrix_places_every_account_on_its_side_of_the_bar() {
    let policy = crate::common::policy(include_str!("../examples/data/policy.json"));
    let (generated, _) = generated_report();
    let mut released = 0;
    for report in [bundled_report(&policy), generated] {
        for view in &report.views {
            let svg = picture::key_accounts(view);
            let all = boxes(&svg);
            let bar = all.iter().find(|(id, _)| id.ends_with("-bar")).unwrap().1;
            let line_y = (bar[1] + bar[3]) / 2.0;
            for (i, e) in view.entries.iter().enumerate() {
                let point = all
                    .iter()
                    .find(|(id, _)| id.ends_with(&format!("-point-{i}")))
                    .unwrap()
                    .1;
                let cy = (point[1] + point[3]) / 2.0;
                if matches!(e.verdict, Verdict::Retain | Verdict::Pursue) {
                    assert!(
                        cy <= line_y + 0.01,
                        "{} {:?} is drawn below",
                        e.id,
                        e.verdict
                    );
                } else {
                    assert!(cy > line_y, "{} {:?} is drawn above", e.id, e.verdict);
                }
                released += usize::from(e.verdict == Verdict::Release);
            }
            let strategic = &view.key_accounts.quadrants[0];
            assert!(strategic.high_x && strategic.high_y);
            assert!(
                strategic
                    .accounts
                    .iter()
                    .all(|p| matches!(p.verdict, Verdict::Retain | Verdict::Pursue)),
                "{}",
                strategic.advice
            );
        }
    }
    assert!(released > 0);
}

/// A prospect's waterfall: the components if won, their total, one bar for
/// the weighting by win probability and delay, the bid, and the value; the
/// bars chain from one to the next and end at the value exactly.
#[test]
fn a_prospects_waterfall_sums_to_its_value() {
    let policy = crate::common::policy(include_str!("../examples/data/policy.json"));
    let report = bundled_report(&policy);
    let mut prospects = 0;
    for e in report.views.iter().flat_map(|v| &v.entries) {
        let evaluation = &e.evaluation;
        let steps = picture::waterfall_steps(evaluation);
        let mut running = Decimal::ZERO;
        for (name, from, to) in &steps {
            if matches!(*name, "value" | "value if won") {
                assert_eq!(*from, Decimal::ZERO, "{}: {name}", e.id);
                assert_eq!(*to, running, "{}: {name}", e.id);
            } else {
                assert_eq!(*from, running, "{}: {name}", e.id);
                assert_ne!(from, to, "{}: {name} is 0 and drawn", e.id);
                running = *to;
            }
        }
        assert_eq!(running, evaluation.value, "{}", e.id);
        assert_eq!(steps.last().unwrap().0, "value");
        if e.stage == Stage::Prospect {
            prospects += 1;
            let names: Vec<&str> = steps.iter().map(|s| s.0).collect();
            let won = names.iter().position(|n| *n == "value if won").unwrap();
            assert!(names[..won].iter().all(|n| *n != "acquisition"));
            if let Some(bid) = names.iter().position(|n| *n == "acquisition") {
                assert!(bid > won && bid + 1 == names.len() - 1, "{names:?}");
            }
            let svg = picture::waterfall(evaluation, None);
            render(&svg);
            // The bid is named in words.
            assert!(svg.contains(">bid cost</text>"), "{}", e.id);
        }
    }
    assert!(prospects >= 5);
}

/// The waterfall's labels stay inside the picture, whatever the length of
/// the hurdle, and no half of it is left blank without a sensitivity table.
#[test]
fn the_waterfall_names_its_bar_inside_the_picture() {
    let policy = crate::common::policy(include_str!("../examples/data/policy.json"));
    let report = bundled_report(&policy);
    for e in report.views.iter().flat_map(|v| &v.entries) {
        let svg = picture::waterfall(&e.evaluation, None);
        let width = attribute(&svg, "xmlns=", "width");
        let start = attribute(&svg, "text-anchor=\"start\" fill=\"#c00000\"", "x");
        let label = svg
            .split("fill=\"#c00000\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        assert!(label.starts_with("hurdle ") || label.starts_with("bar "));
        let end = start + picture::text_width(label, 11.0);
        assert!(end <= width, "{}: {label} ends at {end} > {width}", e.id);
        // The bars fill the picture: the last one ends in its right half.
        let bars: Vec<f64> = svg
            .match_indices("data-label=")
            .map(|(at, _)| {
                let el = &svg[svg[..at].rfind('<').unwrap()..];
                attribute(el, "data-label=", "x") + attribute(el, "data-label=", "width")
            })
            .collect();
        let right = bars.iter().copied().fold(0.0, f64::max);
        assert!(
            right > width * 0.6,
            "{}: bars end at {right} of {width}",
            e.id
        );
        for (name, from, to) in picture::waterfall_steps(&e.evaluation) {
            assert!(name == "value" || name == "value if won" || from != to);
        }
    }
}

/// The page: well-formed (every tag closed in order), no script, nothing
/// external, every account of the book once in the verdict table, the
/// verdicts in the reader's order, the pictures with their captions.
#[test]
fn the_portfolio_page_is_whole_and_lists_every_account_once() {
    let policy = crate::common::policy(include_str!("../examples/data/policy.json"));
    let report = bundled_report(&policy);
    let page = picture::html(&report, "6 December 2026");
    balanced(&page);
    for external in [
        "<script", "src=", "href=", "@import", "url(http", "https://",
    ] {
        assert!(!page.contains(external), "the page refers to {external}");
    }
    // The only address is the SVG namespace, which names and fetches nothing.
    assert_eq!(
        page.matches("http://").count(),
        page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(page.contains("@media print"));
    assert!(page.contains("6 December 2026 · keyaccount model 3 · discount rate 12 %"));
    let mut ids = 0;
    for view in &report.views {
        for e in &view.entries {
            let row = format!("<details class=\"row\" data-id=\"{}\">", e.id);
            assert_eq!(page.matches(&row).count(), 1, "{}", e.id);
            ids += 1;
        }
    }
    assert_eq!(page.matches("<details class=\"row\"").count(), ids);
    // Pictures: a waterfall per account and three per view, each book picture
    // with a caption.
    assert_eq!(page.matches("<svg ").count(), ids + 3 * report.views.len());
    assert_eq!(page.matches("<figcaption>").count(), 3 * report.views.len());
    // Verdict groups in the reader's order.
    let eur = page.split("<h2>RUB").next().unwrap();
    let at = |word: &str| {
        eur.find(&format!("</span> {word}</span> ("))
            .unwrap_or(usize::MAX)
    };
    assert!(at("retain") < at("restructure"));
    assert!(at("restructure") < at("retain_strategic"));
    assert!(at("retain_strategic") < at("release"));
    assert!(at("release") < at("pursue_strategic") && at("pursue_strategic") < at("decline"));
    assert!(!page.contains("<pre>"), "the text report is not pasted in");
    // With exchange rates, the page shows the combined view alone.
    let (generated, _) = generated_report();
    let page = picture::html(&generated, "");
    balanced(&page);
    assert_eq!(page.matches("<details class=\"row\"").count(), 50);
    assert!(page.contains("all currencies converted"));
}

/// Every tag of a page is closed, in order; void and self-closed tags need no
/// end; the style sheet is skipped.
fn balanced(page: &str) {
    const VOID: [&str; 4] = ["meta", "br", "hr", "img"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = page;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let close = rest.find('>').expect("an unclosed tag");
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name.trim(), "<{top}> closed by </{name}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            let end = rest.find("</style>").expect("the style sheet ends");
            rest = &rest[end + "</style>".len()..];
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// Books at the edges of the model's ranges draw without a panic, well-formed,
/// with every point inside its axes and no labels overlapping: the largest
/// amounts, a win probability of one in a million, names of 200 Cyrillic
/// letters and markup, every account alike, survival of 0.
#[test]
fn extreme_books_still_draw() {
    let policy = Policy::default();
    let mut book = Book::default();
    let long = "Ш".repeat(200);
    let huge = Decimal::from(1_000_000_000_000_000_i64);
    let accounts = [
        Account::builder("X<1>", Currency::EUR, Stage::Active)
            .name(long.clone())
            .revenue(huge, d("1"))
            .service(huge)
            .build(),
        Account::builder("X&2", Currency::EUR, Stage::Prospect)
            .name("\"quoted\" & <b>bold</b>")
            .revenue(huge, d("0.5"))
            .win_probability(d("0.000001"))
            .tender(huge)
            .build(),
        Account::builder("X3", Currency::EUR, Stage::Active)
            .revenue(d("1"), d("0.5"))
            .risk(keyaccount::Risk::OwnershipChange, d("1"))
            .build(),
        Account::builder("X3", Currency::EUR, Stage::Active)
            .revenue(d("1"), d("0.5"))
            .risk(keyaccount::Risk::OwnershipChange, d("1"))
            .build(),
    ];
    for account in accounts {
        let account = account.unwrap();
        book.add(Entry::new(&account, &evaluate(&account, &policy).unwrap()));
    }
    let report = book.analyze(&policy);
    let view = &report.views[0];
    for (kind, svg) in [
        ("whale", picture::whale(view)),
        ("matrix", picture::key_accounts(view)),
        ("survival", picture::bubbles(view)),
    ] {
        check_layout(&svg, kind);
    }
    for e in &view.entries {
        render(&picture::waterfall(&e.evaluation, None));
    }
    let page = picture::html(&report, "<today>");
    balanced(&page);
    assert!(page.contains("&lt;today&gt;"));
    // One id twice is two rows.
    assert_eq!(page.matches("data-id=\"X3\"").count(), 2);
    // An empty book is a page too.
    balanced(&picture::html(&Book::default().analyze(&policy), ""));
}
