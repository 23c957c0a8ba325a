package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs when missing) driven by Selenium, against the one-process app with the demo pipeline.
 * It loads the page, checks the charts drew the numbers the API gives, posts an event and sees the page redraw
 * live, and changes the as-of date and sees the numbers change. Saves a screenshot (see {@link #screenshot}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    private ConfigurableApplicationContext app;
    private LedgerClient ledger;
    private WebDriver browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(),
                "no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        Path data = Files.createTempDirectory("ledger-dashboard");
        app = new SpringApplicationBuilder(PipelineLedgerApplication.class).run("--server.port=0",
                "--ledger.data-dir=" + data, "--ledger.demo=true", "--ledger.query.stream-interval=PT0.1S");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        base = "http://localhost:" + port;
        ledger = new LedgerClient(WebTestClient.bindToServer().baseUrl(base).responseTimeout(Duration.ofMinutes(2))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(64 << 20)).build());
        ledger.awaitProjections();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM);
        // headless, and quiet on a machine without network: no background fetches Chromium would make
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1800", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + Files.createTempDirectory("chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build(), options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void drawsTheApiNumbersRedrawsLiveAndAsOfAnotherDate() throws Exception {
        // the key in the fragment, as the first-start banner suggests: the page keeps it and sends it with every read
        browser.get(base + "/#key=" + TestKeys.ADMIN);
        int loaded = awaitLoaded(0);

        // the charts drew, with the API's numbers
        JsonNode pipeline = ledger.get("/api/v1/pipeline?groupBy=all");
        long openDeals = pipeline.get("groups").get(0).get("count").asLong();
        assertThat(figure("pipelineCount")).isEqualTo(openDeals);
        assertThat(browser.findElement(By.id("funnel-total")).getText()).startsWith(openDeals + " open deals");
        assertThat(browser.findElements(By.cssSelector("#funnel canvas, #heatmap canvas, #fan canvas"))).hasSize(3);
        assertThat(figure("reps")).isEqualTo(ledger.get("/api/v1/conversion?groupBy=rep").get("groups").size());
        assertThat(figure("maturityLevel")).isEqualTo(ledger.get("/api/v1/maturity").get("level").asLong());
        assertThat(browser.findElement(By.cssSelector("#maturity .level")).getText()).startsWith("Level ");
        assertThat(browser.findElements(By.cssSelector("#scorecards tbody tr"))).hasSize((int) figure("reps"));
        assertThat(figure("backtestPeriods")).isGreaterThanOrEqualTo(4);
        // the fan chart's last point is the API's forecast of this quarter (a forecast "as of now" is reused for a
        // minute while no fact arrives, so the page and this request see the same one)
        String quarter = (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('quarter').textContent;");
        JsonNode forecast = ledger.get("/api/v1/forecast?period=" + quarter + "&groupBy=all").get("groups").get(0);
        assertThat(((Number) ((JavascriptExecutor) browser).executeScript(
                "return window.ledgerDashboard.figures.forecast.p50;")).doubleValue())
                .isEqualTo(forecast.get("p50").asDouble());
        assertThat(((Number) ((JavascriptExecutor) browser).executeScript(
                "return window.ledgerDashboard.figures.forecast.closedWon;")).doubleValue())
                .isEqualTo(forecast.get("closedWon").asDouble());
        screenshot();

        // a new deal posted: the page redraws by itself from /api/v1/stream, with one more open deal
        String id = "OPP-BROWSER-" + System.nanoTime();
        ledger.post(List.of(new CrmEvent("browser-" + id, "OpportunityOpened", id, Instant.now().minusSeconds(60),
                Map.of("repId", "rep-01", "teamId", "team-emea-1", "regionId", "emea", "stage", "prospecting",
                        "amount", 12_000))), 1);
        loaded = awaitLoaded(loaded);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> figure("pipelineCount") == openDeals + 1);

        // as of a year ago: the page asks the API as of that date and shows its numbers
        String yearAgo = Instant.now().minus(365, ChronoUnit.DAYS).toString().substring(0, 10);
        ((JavascriptExecutor) browser).executeScript("const input = document.getElementById('asOf');"
                + "input.value = arguments[0]; input.dispatchEvent(new Event('change'));", yearAgo);
        awaitLoaded(loaded);
        long thenOpen = ledger.get("/api/v1/pipeline?groupBy=all&asOf=" + yearAgo).get("groups").get(0)
                .get("count").asLong();
        assertThat(thenOpen).isNotEqualTo(openDeals + 1);
        assertThat(figure("pipelineCount")).isEqualTo(thenOpen);
        assertThat(browser.findElement(By.id("status")).getText()).contains(yearAgo);
    }

    /** Waits for the dashboard to finish drawing once more than {@code after} times; returns the count. */
    private int awaitLoaded(int after) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> loads() > after);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page did not finish drawing; its status: "
                    + browser.findElement(By.id("status")).getText(), e);
        }
        return loads();
    }

    private int loads() {
        Object loaded = ((JavascriptExecutor) browser).executeScript("return window.ledgerDashboard.loaded;");
        return loaded == null ? 0 : ((Number) loaded).intValue();
    }

    private long figure(String name) {
        Object value = ((JavascriptExecutor) browser).executeScript(
                "return window.ledgerDashboard.figures[arguments[0]];", name);
        return value == null ? -1 : ((Number) value).longValue();
    }

    /**
     * A screenshot in target/dashboard.png; with {@code -Ddashboard.screenshot=docs} also the README's
     * docs/dashboard.png (kept out of ordinary runs, which would otherwise change a committed file each time).
     */
    private void screenshot() throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target/dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        Path docs = Path.of("../../docs").toAbsolutePath().normalize();
        if ("docs".equals(System.getProperty("dashboard.screenshot")) && Files.isDirectory(docs)) {
            Files.copy(shot.toPath(), docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
