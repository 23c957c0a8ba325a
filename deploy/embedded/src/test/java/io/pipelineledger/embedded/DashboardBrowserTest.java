package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import io.pipelineledger.events.period.BusinessPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs when missing) driven by Selenium, against the one-process app with the demo pipeline.
 * It loads the page, checks the charts drew the numbers the API gives, posts an event and sees the page redraw
 * live, and changes the as-of date and sees the numbers change. It measures what is drawn in the charts' own scene
 * (ECharts' zrender display list): labels inside the canvas and not cut, the heatmap's values and colours, legend
 * icons in their series' colours. Saves a screenshot at 1280 px (see {@link #screenshot}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    /**
     * Every label drawn in a chart: its text as drawn (after any truncation), its box in canvas pixels, the width
     * the browser measures for the text in the label's font, and the canvas' size.
     */
    private static final String DRAWN_LABELS = """
            const c = echarts.getInstanceByDom(document.getElementById(arguments[0]));
            c.getZr().refreshImmediately();
            const measure = document.createElement('canvas').getContext('2d');
            const labels = c.getZr().storage.getDisplayList(true).filter(e => e.type === 'tspan').map(t => {
              const box = t.getBoundingRect().clone();
              const transform = t.transform || (t.parent && t.parent.transform);
              if (transform) { box.applyTransform(transform); }
              measure.font = t.style.font;
              const text = String(t.style.text);
              return { text, x: box.x, y: box.y, right: box.x + box.width, bottom: box.y + box.height,
                measured: measure.measureText(text).width, fill: t.style.fill };
            });
            return { width: c.getWidth(), height: c.getHeight(), labels };
            """;

    /**
     * The fan chart's legend as drawn: per entry the fills and strokes of the icon drawn before its text; and the
     * fills of the drawn areas and the strokes of the drawn lines.
     */
    private static final String FAN_LEGEND = """
            const c = echarts.getInstanceByDom(document.getElementById('fan'));
            c.getZr().refreshImmediately();
            const drawn = c.getZr().storage.getDisplayList(true);
            const names = ['P10–P90', 'P50', 'closed won', 'baseline'];
            const legend = {};
            drawn.forEach((e, i) => {
              if (e.type === 'tspan' && names.includes(e.style.text)) {
                const colours = [];
                for (let j = i - 1; j >= 0 && drawn[j].type === 'path'; j--) {
                  colours.push(drawn[j].style.fill, drawn[j].style.stroke);
                }
                legend[e.style.text] = colours.filter(x => x && x !== 'none' && x !== '#fff' && x !== '#000');
              }
            });
            return { legend,
              areas: drawn.filter(e => e.type === 'ec-polygon').map(e => e.style.fill),
              lines: drawn.filter(e => e.type === 'ec-polyline' && e.style.lineWidth > 0)
                  .map(e => e.style.stroke) };
            """;

    /** The colour the heatmap's colour scale gave each cell, with the cell ([stage, rep, value, gap, team]). */
    private static final String HEATMAP_COLOURS = """
            const c = echarts.getInstanceByDom(document.getElementById('heatmap'));
            const cells = window.ledgerDashboard.figures.heatmap.cells;
            return cells.map((cell, i) => ({ cell, colour: c.getVisual({ seriesIndex: 0, dataIndex: i }, 'color') }));
            """;

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
    @Order(1)
    void chartsAreReadableAtTheDefaultWindowAndAt1280Pixels() throws Exception {
        // a deal in a currency without any exchange rate: never added raw, listed as a warning where answers list them
        String franc = "OPP-BROWSER-CHF-" + System.nanoTime();
        ledger.post(List.of(new CrmEvent("browser-" + franc, "OpportunityOpened", franc,
                Instant.now().minusSeconds(120), Map.of("repId", "rep-02", "teamId", "team-amer-1", "regionId", "amer",
                        "stage", "qualification", "amount", 7_000, "currency", "CHF"))), 1);
        ledger.awaitProjections(); // drawn after it landed: no live redraw while the checks compare with the API
        browser.get(base + "/#key=" + TestKeys.ADMIN);
        awaitLoaded(0);

        funnelLabelsAreWholeAndInsideTheCanvas();
        heatmapShowsEveryValueColouredByTheGapToTheTeam("conversion");
        // shrunk toward the team: the same cells with the shrunk rates
        script("document.getElementById('shrunk').click();");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> Boolean.TRUE.equals(
                script("return window.ledgerDashboard.figures.heatmap.shrunk;")));
        heatmapShowsEveryValueColouredByTheGapToTheTeam("conversionShrunk");
        script("document.getElementById('shrunk').click();");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> Boolean.FALSE.equals(
                script("return window.ledgerDashboard.figures.heatmap.shrunk;")));
        fanChartDrawsEverySeriesOverTheQuarterInItsLegendColour();
        amountsNameTheirCurrencyAndWarningsAreCounted();
        weeklyChartDrawsTheBacktestsAccuracyAndCoverageByWeekOfQuarter();

        // 1280 px wide: the page redraws for the narrower cards, and the labels still fit
        browser.manage().window().setSize(new Dimension(1280, 1900));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> script(
                "return echarts.getInstanceByDom(document.getElementById('funnel')).getWidth()"
                        + " === document.getElementById('funnel').clientWidth && window.innerWidth <= 1280;"));
        funnelLabelsAreWholeAndInsideTheCanvas();
        screenshot();
    }

    private void funnelLabelsAreWholeAndInsideTheCanvas() {
        JsonNode stages = ledger.get("/api/v1/pipeline?groupBy=all").get("groups").get(0).get("stages");
        JsonNode drawn = LedgerClient.json(String.valueOf(script(
                "return JSON.stringify((() => {" + DRAWN_LABELS + "})(...arguments));", "funnel")));
        double width = drawn.get("width").asDouble();
        double height = drawn.get("height").asDouble();
        JsonNode labels = drawn.get("labels");
        assertThat(labels).hasSize(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            JsonNode label = labels.get(i);
            String text = label.get("text").asText();
            // the whole count, never "prospecting: 4" for 44, never "qualifica…"
            assertThat(text).matches(Pattern.quote(stages.get(i).get("stage").asText() + ": "
                    + stages.get(i).get("count").asLong()) + "( .*)?");
            assertThat(label.get("right").asDouble() - label.get("x").asDouble())
                    .as("drawn width of %s", text).isGreaterThanOrEqualTo(label.get("measured").asDouble() - 0.5);
            assertThat(label.get("x").asDouble()).as("left of %s", text).isGreaterThanOrEqualTo(0);
            assertThat(label.get("right").asDouble()).as("right of %s in a %s px canvas", text, width)
                    .isLessThanOrEqualTo(width);
            assertThat(label.get("y").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(label.get("bottom").asDouble()).isLessThanOrEqualTo(height);
        }
    }

    /** {@code rate}: the scorecard's field the cells show ({@code conversion} or {@code conversionShrunk}). */
    private void heatmapShowsEveryValueColouredByTheGapToTheTeam(String rate) {
        JsonNode heatmap = LedgerClient.json(String.valueOf(script(
                "return JSON.stringify(window.ledgerDashboard.figures.heatmap);")));
        JsonNode reps = heatmap.get("reps");
        List<String> stages = new ArrayList<>();
        heatmap.get("stages").forEach(s -> stages.add(s.asText()));
        // the after-win stage is not a conversion step: no column for it
        assertThat(stages).isNotEmpty().doesNotContain("account-management");
        // the expected cells from each rep's scorecard: the rep's conversion and its gap to the team's
        List<String> expectedTexts = new ArrayList<>();
        int expectedCells = 0;
        Map<String, double[]> expected = new HashMap<>();
        for (int r = 0; r < reps.size(); r++) {
            JsonNode card = ledger.get("/api/v1/reps/" + reps.get(r).asText() + "/scorecard");
            for (JsonNode stage : card.get("stages")) {
                if (stage.get(rate).isNull()) {
                    continue;
                }
                double value = stage.get(rate).asDouble();
                double team = stage.get("teamConversion").isNull() ? value : stage.get("teamConversion").asDouble();
                expected.put(stages.indexOf(stage.get("stage").asText()) + "/" + r, new double[] {value, value - team});
                expectedTexts.add(Math.round(100 * value) + "%");
                expectedCells++;
            }
        }
        JsonNode cells = heatmap.get("cells");
        assertThat(cells).hasSize(expectedCells);
        for (JsonNode cell : cells) {
            double[] want = expected.get(cell.get(0).asInt() + "/" + cell.get(1).asInt());
            assertThat(want).as("cell %s", cell).isNotNull();
            assertThat(cell.get(2).asDouble()).isCloseTo(want[0], within(1e-9));
            assertThat(cell.get(3).asDouble()).isCloseTo(want[1], within(1e-9));
        }
        // every cell's value is written in it
        JsonNode drawn = LedgerClient.json(String.valueOf(script(
                "return JSON.stringify((() => {" + DRAWN_LABELS + "})(...arguments));", "heatmap")));
        List<String> values = new ArrayList<>();
        drawn.get("labels").forEach(l -> {
            if (l.get("text").asText().matches("\\d+%")) {
                values.add(l.get("text").asText());
            }
        });
        assertThat(values).containsExactlyInAnyOrderElementsOf(expectedTexts);
        // diverging around the team's rate: above it bluish, below it reddish, at it near white
        JsonNode colours = LedgerClient.json(String.valueOf(script(
                "return JSON.stringify((() => {" + HEATMAP_COLOURS + "})());")));
        int above = 0;
        int below = 0;
        for (JsonNode coloured : colours) {
            double gap = coloured.get("cell").get(3).asDouble();
            int[] rgb = rgb(coloured.get("colour").asText());
            if (gap > 0.02) {
                assertThat(rgb[2]).as("blue of %s at gap %s", coloured.get("colour"), gap).isGreaterThan(rgb[0]);
                above++;
            } else if (gap < -0.02) {
                assertThat(rgb[0]).as("red of %s at gap %s", coloured.get("colour"), gap).isGreaterThan(rgb[2]);
                below++;
            }
        }
        assertThat(above).isPositive();
        assertThat(below).isPositive();
    }

    private void fanChartDrawsEverySeriesOverTheQuarterInItsLegendColour() {
        String quarter = String.valueOf(script("return document.getElementById('quarter').textContent;"));
        JsonNode forecast = LedgerClient.json(String.valueOf(script(
                "return JSON.stringify(window.ledgerDashboard.figures.forecast);")));
        int points = forecast.get("points").asInt();
        assertThat(points).isGreaterThanOrEqualTo(2);
        // every series has a value at every point: the baseline too, over the quarter (not a single dot)
        JsonNode series = LedgerClient.json(String.valueOf(script("return JSON.stringify(echarts.getInstanceByDom("
                + "document.getElementById('fan')).getOption().series.map(s => ({ name: s.name, data: s.data })));")));
        Set<String> names = new HashSet<>();
        for (JsonNode s : series) {
            names.add(s.get("name").asText());
            assertThat(s.get("data")).as(s.get("name").asText()).hasSize(points);
            s.get("data").forEach(v -> assertThat(v.isNumber()).as("%s: %s", s.get("name"), v).isTrue());
        }
        assertThat(names).contains("P10–P90", "P50", "closed won", "baseline");
        // the baseline's first point is the API's baseline as of the quarter's first day
        String start = LocalDate.parse(quarter.substring(0, 4) + "-01-01")
                .plusMonths(3L * (quarter.charAt(6) - '1')).toString();
        JsonNode baselineThen = ledger.get("/api/v1/forecast?period=" + quarter + "&groupBy=all&method=baseline&asOf="
                + start).get("groups").get(0);
        assertThat(forecast.get("baselines").get(0).asDouble()).isEqualTo(baselineThen.get("expected").asDouble());
        // each legend icon has its series' drawn colour: the band's icon the band's fill, each line's its stroke
        JsonNode drawn = LedgerClient.json(String.valueOf(script(
                "return JSON.stringify((() => {" + FAN_LEGEND + "})());")));
        JsonNode legend = drawn.get("legend");
        assertThat(drawn.get("areas")).hasSize(1);
        assertThat(legend.get("P10–P90")).isNotEmpty()
                .allSatisfy(colour -> assertThat(colour).isEqualTo(drawn.get("areas").get(0)));
        Set<String> lineColours = new HashSet<>();
        drawn.get("lines").forEach(l -> lineColours.add(l.asText()));
        for (String line : List.of("P50", "closed won", "baseline")) {
            assertThat(legend.get(line)).as(line).isNotEmpty();
            String colour = legend.get(line).get(0).asText();
            legend.get(line).forEach(c -> assertThat(c.asText()).as(line).isEqualTo(colour));
            assertThat(lineColours).as(line).contains(colour);
            assertThat(String.valueOf(script("return echarts.getInstanceByDom(document.getElementById('fan'))"
                    + ".getVisual({ seriesName: arguments[0] }, 'color');", line))).isEqualTo(colour);
        }
    }

    /**
     * The chart "accuracy and band coverage by week of quarter": the last 8 complete quarters' weekly backtest,
     * each week's values the API's byPoint figures (and those what its rows give), drawn rounded to 0.001.
     */
    private void weeklyChartDrawsTheBacktestsAccuracyAndCoverageByWeekOfQuarter() throws Exception {
        JsonNode weekly = LedgerClient.json(String.valueOf(script(
                "return JSON.stringify(window.ledgerDashboard.figures.weekly);")));
        BusinessPeriod last = BusinessPeriod.containing(BusinessPeriod.containing(Instant.now(),
                BusinessPeriod.Granularity.QUARTER).start().minusSeconds(1), BusinessPeriod.Granularity.QUARTER);
        BusinessPeriod first = last;
        for (int i = 1; i < 8; i++) {
            first = BusinessPeriod.containing(first.start().minusSeconds(1), BusinessPeriod.Granularity.QUARTER);
        }
        assertThat(weekly.get("from").asText()).isEqualTo(first.key());
        assertThat(weekly.get("to").asText()).isEqualTo(last.key());
        JsonNode report = ledger.get("/api/v1/forecast/backtest?from=" + first.key() + "&to=" + last.key()
                + "&points=weekly&method=learned");
        List<Integer> weeks = new ArrayList<>();
        weekly.get("weeks").forEach(w -> weeks.add(w.asInt()));
        assertThat(weeks.subList(0, 13)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(weeks).hasSize(report.get("byPoint").size()).hasSizeLessThanOrEqualTo(14);
        for (int i = 0; i < weeks.size(); i++) {
            String point = weeks.get(i) == 0 ? "start" : "week-" + weeks.get(i);
            JsonNode summary = null;
            for (JsonNode s : report.get("byPoint")) {
                summary = s.get("scope").asText().equals(point) ? s : summary;
            }
            assertThat(summary).as(point).isNotNull();
            assertThat(weekly.get("accuracy").get(i).asDouble()).as(point).isEqualTo(summary.get("accuracy").asDouble());
            assertThat(weekly.get("coverage").get(i).asDouble()).as(point).isEqualTo(summary.get("coverage").asDouble());
            // and the API's figure is what its rows give: 1 - sum |A - F| / sum A, share with P10 <= A <= P90
            double abs = 0;
            double actual = 0;
            int rows = 0;
            int covered = 0;
            for (JsonNode r : report.get("rows")) {
                if (r.get("point").asText().equals(point) && r.get("complete").asBoolean()) {
                    double a = r.get("actual").asDouble();
                    abs += Math.abs(a - r.get("forecast").asDouble());
                    actual += a;
                    rows++;
                    covered += r.get("p10").asDouble() <= a && a <= r.get("p90").asDouble() ? 1 : 0;
                }
            }
            assertThat(summary.get("accuracy").asDouble()).as(point).isCloseTo(1 - abs / actual, within(1e-9));
            assertThat(summary.get("coverage").asDouble()).as(point).isCloseTo(covered / (double) rows, within(1e-9));
            // one row (groupBy all) per quarter with the point (week 13: the 92-day quarters only), at most; a
            // quarter before the demo's history began may have neither a forecast nor a win, so no row
            assertThat(summary.get("rows").asInt()).as(point).isEqualTo(rows)
                    .isBetween(1, point.equals("week-13") ? ninetyTwoDays(first, last) : 8);
        }
        // drawn: two lines, the values rounded to 0.001, over the weeks
        JsonNode series = LedgerClient.json(String.valueOf(script("return JSON.stringify(echarts.getInstanceByDom("
                + "document.getElementById('weekly')).getOption().series.map(s => ({ name: s.name, data: s.data })));")));
        assertThat(series).hasSize(2);
        for (JsonNode s : series) {
            String figure = s.get("name").asText().startsWith("accuracy") ? "accuracy" : "coverage";
            assertThat(s.get("data")).hasSize(weeks.size());
            for (int i = 0; i < weeks.size(); i++) {
                assertThat(s.get("data").get(i).asDouble()).as(figure + " week " + weeks.get(i))
                        .isCloseTo(Math.round(1000 * weekly.get(figure).get(i).asDouble()) / 1000.0, within(1e-12));
            }
        }
        // the card alone, for a look (below the fold of the page's screenshot)
        WebElement card = browser.findElement(By.id("weekly"));
        script("arguments[0].scrollIntoView();", card);
        Files.copy(card.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target/dashboard-weekly.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static int ninetyTwoDays(BusinessPeriod first, BusinessPeriod last) {
        int n = 0;
        for (BusinessPeriod q = first; !q.start().isAfter(last.start()); q = q.next()) {
            n += Duration.between(q.start(), q.end()).toDays() == 92 ? 1 : 0;
        }
        return n;
    }

    private void amountsNameTheirCurrencyAndWarningsAreCounted() {
        JsonNode pipeline = ledger.get("/api/v1/pipeline?groupBy=all");
        String quarter = String.valueOf(script("return document.getElementById('quarter').textContent;"));
        JsonNode learned = ledger.get("/api/v1/forecast?period=" + quarter + "&groupBy=all&method=learned");
        JsonNode baseline = ledger.get("/api/v1/forecast?period=" + quarter + "&groupBy=all&method=baseline");
        // the answers' currency, or the default reporting currency where an answer names none
        String currency = pipeline.hasNonNull("currency") ? pipeline.get("currency").asText() : "USD";
        assertThat(script("return window.ledgerDashboard.figures.currency;")).isEqualTo(currency);
        assertThat(browser.findElement(By.id("currency")).getText()).isEqualTo(currency);
        assertThat(browser.findElement(By.id("funnel-total")).getText()).contains(" " + currency + " in the pipeline");
        assertThat(browser.findElement(By.id("forecast-figures")).getText()).startsWith(currency + " · P10 ");
        assertThat(browser.findElements(By.cssSelector("h2 .cur"))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getText()).isEqualTo(currency));
        // warnings: each amount left out once, counted on the page
        Set<String> warnings = new HashSet<>();
        for (JsonNode answer : List.of(pipeline, learned, baseline)) {
            if (answer.has("warnings")) {
                answer.get("warnings").forEach(w -> warnings.add(w.get("opportunityId").asText() + "|"
                        + w.get("currency").asText() + "|" + w.get("on").asText()));
            }
        }
        assertThat(((Number) script("return window.ledgerDashboard.figures.warnings;")).intValue())
                .isEqualTo(warnings.size());
        if (pipeline.has("warnings")) { // once the query side lists warnings, the franc deal is one of them
            assertThat(warnings).anyMatch(w -> w.startsWith("OPP-BROWSER-CHF-"));
            assertThat(browser.findElement(By.id("warnings")).getText()).startsWith("⚠ " + warnings.size());
            assertThat(browser.findElement(By.id("warnings")).getAttribute("title")).contains("OPP-BROWSER-CHF-");
        }
        assertThat(browser.findElement(By.id("warnings")).isDisplayed()).isEqualTo(!warnings.isEmpty());
    }

    @Test
    @Order(2)
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
        // (the fan chart draws the learned method against the baseline, day by day)
        JsonNode forecast = ledger.get("/api/v1/forecast?period=" + quarter + "&groupBy=all&method=learned")
                .get("groups").get(0);
        assertThat(((Number) ((JavascriptExecutor) browser).executeScript(
                "return window.ledgerDashboard.figures.forecast.p50;")).doubleValue())
                .isEqualTo(forecast.get("p50").asDouble());
        assertThat(((Number) ((JavascriptExecutor) browser).executeScript(
                "return window.ledgerDashboard.figures.forecast.closedWon;")).doubleValue())
                .isEqualTo(forecast.get("closedWon").asDouble());
        assertThat(browser.findElement(By.id("live")).isDisplayed()).isTrue();

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
        // a past date is not live: no live mark, and it stays away while the stream is connected
        assertThat(browser.findElement(By.id("live")).isDisplayed()).isFalse();

        // today's date is "now" again: live, and asked without a date
        String today = String.valueOf(script("const d = new Date();"
                + "return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);"));
        loaded = loads();
        script("const input = document.getElementById('asOf');"
                + "input.value = arguments[0]; input.dispatchEvent(new Event('change'));", today);
        awaitLoaded(loaded);
        assertThat(script("return window.ledgerDashboard.asOf;")).isNull();
        assertThat(browser.findElement(By.id("live")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("status")).getText()).contains("as of now");
    }

    @Test
    @Order(3)
    void amountsInAnotherCurrencyWhenOnePicksIt() {
        // where the ledger records exchange rates (PUT /api/v1/exchange-rates), the page offers their currencies
        int status = ledger.web().put().uri("/api/v1/exchange-rates").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"currency\":\"EUR\",\"validFrom\":\"2020-01-01\",\"rate\":1.08}]").exchange()
                .returnResult(String.class).getStatus().value();
        assumeTrue(status == 200, "no exchange rates in this build (PUT /api/v1/exchange-rates answered " + status + ")");
        ledger.awaitProjections();
        browser.get(base + "/");
        awaitLoaded(0);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> Boolean.TRUE.equals(script(
                "return [...document.getElementById('currencyPick').options].some(o => o.value === 'EUR');")));
        int loaded = loads();
        script("const pick = document.getElementById('currencyPick');"
                + "pick.value = 'EUR'; pick.dispatchEvent(new Event('change'));");
        awaitLoaded(loaded);

        JsonNode pipeline = ledger.get("/api/v1/pipeline?groupBy=all&currency=EUR");
        assertThat(pipeline.get("currency").asText()).isEqualTo("EUR");
        double euros = pipeline.get("groups").get(0).get("amount").asDouble();
        double dollars = ledger.get("/api/v1/pipeline?groupBy=all").get("groups").get(0).get("amount").asDouble();
        assertThat(euros).isNotEqualTo(dollars);
        assertThat(((Number) script("return window.ledgerDashboard.figures.pipelineAmount;")).doubleValue())
                .isEqualTo(euros);
        assertThat(script("return window.ledgerDashboard.figures.currency;")).isEqualTo("EUR");
        assertThat(browser.findElement(By.id("funnel-total")).getText()).contains(" EUR in the pipeline");
        String quarter = String.valueOf(script("return document.getElementById('quarter').textContent;"));
        JsonNode forecast = ledger.get("/api/v1/forecast?period=" + quarter + "&groupBy=all&method=learned&currency=EUR");
        assertThat(forecast.get("currency").asText()).isEqualTo("EUR");
        assertThat(((Number) script("return window.ledgerDashboard.figures.forecast.p50;")).doubleValue())
                .isEqualTo(forecast.get("groups").get(0).get("p50").asDouble());
        assertThat(browser.findElement(By.id("forecast-figures")).getText()).startsWith("EUR · P10 ");
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).contains("currency=EUR");
    }

    private Object script(String js, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(js, arguments);
    }

    /** "rgba(12,34,56,1)", "rgb(…)" or "#0c2238" as red, green, blue. */
    private static int[] rgb(String colour) {
        if (colour.startsWith("#")) {
            int v = Integer.parseInt(colour.substring(1, 7), 16);
            return new int[] {v >> 16, (v >> 8) & 0xff, v & 0xff};
        }
        String[] parts = colour.substring(colour.indexOf('(') + 1, colour.indexOf(')')).split(",");
        return new int[] {(int) Double.parseDouble(parts[0].trim()), (int) Double.parseDouble(parts[1].trim()),
            (int) Double.parseDouble(parts[2].trim())};
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
