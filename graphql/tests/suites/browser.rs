//! The explorer in a real browser: Debian's headless Chromium, driven over
//! WebDriver (chromedriver), searches a member by SS58 address, reads the
//! account page, follows it to the community page and checks what they show;
//! the community page is saved as `target/screenshots/community.png`.
//! `cargo xtask setup` installs chromium and chromium-driver.

use crate::common;

use fantoccini::{ClientBuilder, Locator};
use serde_json::json;
use std::{process::Command, time::Duration};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

struct Driver(std::process::Child);

/// Clicks the element `css` finds.
async fn click(browser: &fantoccini::Client, css: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn search_account_and_community_pages_in_chromium() {
    if !std::path::Path::new(CHROMEDRIVER).exists() || !std::path::Path::new(CHROMIUM).exists() {
        if std::env::var_os("CI").is_some() {
            panic!("{CHROMEDRIVER} or {CHROMIUM} is missing: `cargo xtask setup` installs them");
        }
        eprintln!("SKIPPED: no {CHROMIUM} / {CHROMEDRIVER}; `cargo xtask setup` installs them");
        return;
    }
    let story = common::sqlite();
    let (addr, _) = common::serve(&story.url).await;
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let _driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .spawn()
            .expect("chromedriver starts"),
    );
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": CHROMIUM, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2400"] }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(connector.clone())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let browser = client.expect("chromedriver answers");

    // Search for a member by SS58 from the home page.
    let member = &story.accounts[13];
    let ss58 = cos_graphql::accounts::ss58(member).unwrap();
    browser.goto(&format!("http://{addr}/")).await.unwrap();
    assert!(browser
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("COS on this chain"));
    let search = browser.find(Locator::Css("input[name=q]")).await.unwrap();
    search.send_keys(&ss58).await.unwrap();
    click(&browser, "header form button").await;
    browser
        .wait()
        .for_url(&url::Url::parse(&format!("http://{addr}/account/{member}")).unwrap())
        .await
        .unwrap();

    // The account page: its address, balances in COS, its records and communities.
    let body = browser.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(body.contains(&ss58), "the account page shows the SS58 address");
    let balances = browser
        .find_all(Locator::Css("section[data-table=balances] tbody tr"))
        .await
        .unwrap();
    assert!(!balances.is_empty());
    assert!(balances[0].text().await.unwrap().contains("COS"));
    let records = browser
        .find_all(Locator::Css("section[data-table=records] tbody tr"))
        .await
        .unwrap();
    assert!(!records.is_empty(), "the member has contribution records");

    // On to the community from the member's leaderboard row.
    let link = browser
        .find(Locator::Css(&format!(
            "section[data-table=leaderboard] a[href^='/community/{}/0']",
            story.quota
        )))
        .await
        .unwrap();
    link.click().await.unwrap();
    browser
        .wait()
        .for_element(Locator::Css("figure.flow svg"))
        .await
        .unwrap();
    let heading = browser.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "Community 0");
    let ranks = browser
        .find_all(Locator::Css("section[data-table=leaderboard] tbody tr"))
        .await
        .unwrap();
    assert!(ranks.len() >= 3, "the leaderboard lists the contributors");
    assert!(ranks[0].text().await.unwrap().contains("COS"));
    let flows = browser.find_all(Locator::Css("figure.flow svg path")).await.unwrap();
    assert!(
        flows.len() >= 3,
        "the quota flow draws sponsors -> community -> managers -> contributors"
    );
    let tree = browser.find(Locator::Css(".tree")).await.unwrap().text().await.unwrap();
    assert!(
        tree.contains("admin") && tree.contains("active"),
        "the manager tree: {tree}"
    );
    let chart = browser.find_all(Locator::Css("figure.chart svg rect")).await.unwrap();
    assert!(!chart.is_empty(), "contributions per day are charted");

    let png = browser.screenshot().await.unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("community.png"), png).unwrap();

    // From the community's campaigns to the campaign that succeeded: its
    // state, progress bar and backers.
    let campaign = browser
        .find(Locator::Css(&format!(
            "section[data-table=campaigns] a[href='/campaign/{}/0']",
            story.crowdfund
        )))
        .await
        .unwrap();
    campaign.click().await.unwrap();
    browser.wait().for_element(Locator::Css("div.progress")).await.unwrap();
    let heading = browser.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "Campaign 0 CLAIMED");
    let backers = browser
        .find_all(Locator::Css("section[data-table=backers] tbody tr"))
        .await
        .unwrap();
    assert_eq!(backers.len(), 2, "two members backed it");
    std::fs::write(dir.join("campaign.png"), browser.screenshot().await.unwrap()).unwrap();

    // The open bounties, from the menu, to the one still open.
    click(&browser, "header nav a[href='/bounties']").await;
    let open = browser
        .find_all(Locator::Css("section[data-table=bounties] tbody tr"))
        .await
        .unwrap();
    assert_eq!(open.len(), 1, "one bounty is still open");
    click(&browser, "section[data-table=bounties] a[href^='/bounty/']").await;
    browser
        .wait()
        .for_element(Locator::Css("section[data-table=submissions]"))
        .await
        .unwrap();
    let heading = browser.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "Bounty 4 OPEN");

    // The decisions, from the menu, to the proposal that changed the
    // sub-token's fee: its tally against the quorum, its timeline from
    // proposal to acceptance, its actions decoded.
    click(&browser, "header nav a[href='/decisions']").await;
    click(
        &browser,
        &format!(
            "section[data-table=proposals] a[href='/proposal/{}/0']",
            story.governance
        ),
    )
    .await;
    browser.wait().for_element(Locator::Css("div.tally")).await.unwrap();
    let heading = browser.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "Proposal 0 EXECUTED");
    let timeline = browser
        .find(Locator::Css("ol.timeline"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for step in [
        "Proposed by",
        "Voting ended",
        "Queued",
        "Executed by",
        "Accepted as done by governance itself",
    ] {
        assert!(timeline.contains(step), "the timeline shows {step:?}: {timeline}");
    }
    let page = browser.source().await.unwrap();
    assert!(
        page.contains("set_fee") && page.contains("fee_bps: 5"),
        "the fee change is shown decoded"
    );
    let votes = browser
        .find_all(Locator::Css("section[data-table=proposal_votes] tbody tr"))
        .await
        .unwrap();
    assert_eq!(votes.len(), 5, "five members voted");
    std::fs::write(dir.join("proposal.png"), browser.screenshot().await.unwrap()).unwrap();

    // Paging both ways: the latest transfers, next, previous, next again
    // land on the same rows each time.
    click(&browser, "header nav a[href='/list/transfers?order=block&desc=1']").await;
    let first = rows(&browser, "transfers").await;
    assert_eq!(first.len(), 50, "a page of 50");
    click(&browser, "section[data-table=transfers] a[rel=next]").await;
    let second = rows(&browser, "transfers").await;
    assert!(!second.is_empty() && second != first, "the next page");
    click(&browser, "section[data-table=transfers] a[rel=prev]").await;
    assert_eq!(rows(&browser, "transfers").await, first, "back to the first page");
    assert!(
        browser
            .find(Locator::Css("section[data-table=transfers] a[rel=prev]"))
            .await
            .is_err(),
        "the first page has no previous page"
    );
    click(&browser, "section[data-table=transfers] a[rel=next]").await;
    assert_eq!(rows(&browser, "transfers").await, second, "the second page again");
    browser.close().await.unwrap();
}

/// The text of each row of the list `table` on the page.
async fn rows(browser: &fantoccini::Client, table: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for row in browser
        .find_all(Locator::Css(&format!("section[data-table={table}] tbody tr")))
        .await
        .unwrap()
    {
        texts.push(row.text().await.unwrap());
    }
    texts
}
