using System.Text;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Benny.Runtime.Tests.Routing;

public sealed class RuleTierPolicyTests
{
    private static readonly string[] Tiers = ["light", "heavy"];

    private static ValueTask<TierDecision> Decide(ITierPolicy policy, TaskProfile profile)
        => policy.DecideAsync(new TierRoutingContext([new ChatMessage(ChatRole.User, "hi")], null, profile, Tiers), CancellationToken.None);

    private static IEnumerable<TestCaseData> DefaultRuleCases()
    {
        yield return Case(new TaskProfile { Type = "routing" }, "light", "light-task-types", "task type 'routing'");
        yield return Case(new TaskProfile { Type = "Classification" }, "light", "light-task-types", "task type 'Classification'");
        yield return Case(new TaskProfile { Type = "intent_detection", RequiresTools = true }, "light", "light-task-types", "intent_detection");
        yield return Case(new TaskProfile { Type = "asr_cleanup", EstimatedOutputTokens = 400 }, "light", "light-task-types", "asr_cleanup");
        yield return Case(new TaskProfile { Type = "reasoning", EstimatedOutputTokens = 49 }, "light", "short-output", "49 tokens is below 50");
        yield return Case(new TaskProfile { RequiresTools = false, Complexity = TaskComplexity.Low }, "light", "simple-without-tools", "requires no tools and complexity Low");
        yield return Case(new TaskProfile { RequiresPlanning = true }, "heavy", "heavy-signals", "requires planning");
        yield return Case(new TaskProfile { Steps = 2 }, "heavy", "heavy-signals", "2 steps");
        yield return Case(new TaskProfile { RequiresTools = true, Complexity = TaskComplexity.Low }, "heavy", "heavy-signals", "requires tools");
        yield return Case(new TaskProfile { EstimatedOutputTokens = 101 }, "heavy", "heavy-signals", "101 tokens is above 100");
        yield return Case(new TaskProfile { Domain = "IT_OPS" }, "heavy", "heavy-signals", "domain 'IT_OPS'");
        yield return Case(new TaskProfile { Domain = "oa", Complexity = TaskComplexity.Low }, "heavy", "heavy-signals", "domain 'oa'");

        static TestCaseData Case(TaskProfile profile, string tier, string rule, string fact)
            => new TestCaseData(profile, tier, rule, fact).SetArgDisplayNames($"{rule}:{fact}");
    }

    [TestCaseSource(nameof(DefaultRuleCases))]
    public async Task DecideAsync_DefaultRules_RouteByTheFirstMatchingRule(TaskProfile profile, string tier, string rule, string fact)
    {
        var policy = new RuleTierPolicy(RuleTierPolicy.DefaultRules);

        TierDecision decision = await Decide(policy, profile);

        Assert.That(decision.Tier, Is.EqualTo(tier));
        Assert.That(decision.Policy, Is.EqualTo("Rules"));
        Assert.That(decision.Reason, Does.Contain(fact).And.EndsWith($"(rule {rule})"));
    }

    private static IEnumerable<TestCaseData> DefaultTierCases()
    {
        yield return new TestCaseData(new TaskProfile()).SetArgDisplayNames("nothing known");
        yield return new TestCaseData(new TaskProfile { Type = "reasoning", EstimatedOutputTokens = 80, Steps = 1 }).SetArgDisplayNames("medium output, one step");
        yield return new TestCaseData(new TaskProfile { Complexity = TaskComplexity.Low }).SetArgDisplayNames("low complexity, tools unknown");
        yield return new TestCaseData(new TaskProfile { EstimatedOutputTokens = 50 }).SetArgDisplayNames("exactly 50 tokens");
        yield return new TestCaseData(new TaskProfile { EstimatedOutputTokens = 100, RequiresPlanning = false }).SetArgDisplayNames("exactly 100 tokens");
    }

    [TestCaseSource(nameof(DefaultTierCases))]
    public async Task DecideAsync_NoRuleMatches_ReturnsTheDefaultTier(TaskProfile profile)
    {
        var policy = new RuleTierPolicy(RuleTierPolicy.DefaultRules);

        TierDecision decision = await Decide(policy, profile);

        Assert.That(decision.Tier, Is.EqualTo("heavy"));
        Assert.That(decision.Reason, Is.EqualTo("no rule matched; default tier 'heavy'"));
    }

    [Test]
    public void DefaultRules_AreTheDesignsRulesInOrder()
    {
        IReadOnlyList<TierRule> rules = RuleTierPolicy.DefaultRules;

        Assert.That(rules.Select(r => (r.Name, r.Tier)), Is.EqualTo(new (string?, string?)[]
        {
            ("light-task-types", "light"), ("short-output", "light"), ("simple-without-tools", "light"), ("heavy-signals", "heavy"),
        }));
        Assert.That(rules[3].Match, Is.EqualTo(RuleMatch.Any));
        Assert.That(RuleTierPolicy.DefaultRules, Is.Not.SameAs(rules), "a new list on every call");
    }

    [Test]
    public async Task DecideAsync_CustomDefaultTier_IsUsedWhenNothingMatches()
    {
        var policy = new RuleTierPolicy([], "medium");

        TierDecision decision = await Decide(policy, new TaskProfile { Type = "routing" });

        Assert.That(decision.Tier, Is.EqualTo("medium"));
    }

    [Test]
    public async Task DecideAsync_RuleWithoutConditions_IsACatchAll()
    {
        var policy = new RuleTierPolicy([new TierRule { Name = "everything", Tier = "remote" }]);

        TierDecision decision = await Decide(policy, new TaskProfile());

        Assert.That(decision, Is.EqualTo(new TierDecision("remote", "catch-all rule everything", "Rules")));
    }

    [Test]
    public async Task DecideAsync_AllMatchWithOneUnknownFact_DoesNotMatch()
    {
        var policy = new RuleTierPolicy([new TierRule { Name = "r", Tier = "light", RequiresTools = false, Complexities = [TaskComplexity.Low] }]);

        TierDecision decision = await Decide(policy, new TaskProfile { Complexity = TaskComplexity.Low });

        Assert.That(decision.Tier, Is.EqualTo("heavy"), "an unknown fact never holds");
    }

    [Test]
    public async Task DecideAsync_UnnamedRule_IsReportedByPosition()
    {
        var policy = new RuleTierPolicy([new TierRule { Tier = "light", MinSteps = 9 }, new TierRule { Tier = "light", Domains = ["crm"] }]);

        TierDecision decision = await Decide(policy, new TaskProfile { Domain = "CRM" });

        Assert.That(decision.Reason, Is.EqualTo("domain 'CRM' is in [crm] (rule #2)"));
    }

    [Test]
    public async Task DecideAsync_RulesChangedAfterConstruction_AreNotAffected()
    {
        var rule = new TierRule { Name = "r", Tier = "light", TaskTypes = ["x"] };
        var policy = new RuleTierPolicy([rule]);
        rule.Tier = "heavy";
        rule.TaskTypes.Add("y");

        TierDecision decision = await Decide(policy, new TaskProfile { Type = "x" });

        Assert.That(decision.Tier, Is.EqualTo("light"));
        Assert.That((await Decide(policy, new TaskProfile { Type = "y" })).Reason, Does.StartWith("no rule matched"));
    }

    [Test]
    public async Task DecideAsync_EqualProfiles_GetTheSameDecision()
    {
        var policy = new RuleTierPolicy(RuleTierPolicy.DefaultRules);

        TierDecision first = await Decide(policy, new TaskProfile { Type = "routing", Domain = "crm" });
        TierDecision second = await Decide(policy, new TaskProfile { Type = "routing", Domain = "crm" });
        TierDecision other = await Decide(policy, new TaskProfile { Type = "Routing", Domain = "crm" });

        Assert.That(second, Is.SameAs(first), "a decision depends only on the profile");
        Assert.That(other.Reason, Does.StartWith("task type 'Routing'"), "profiles that differ in case are decided on their own");
    }

    [Test]
    public async Task Rules_ChangedThroughTheProperty_DoNotChangeThePolicy()
    {
        var policy = new RuleTierPolicy([new TierRule { Name = "r", Tier = "light", TaskTypes = ["x"] }]);

        policy.Rules[0].Tier = "heavy";
        policy.Rules[0].TaskTypes.Add("y");

        Assert.That((await Decide(policy, new TaskProfile { Type = "x" })).Tier, Is.EqualTo("light"));
        Assert.That((await Decide(policy, new TaskProfile { Type = "y" })).Reason, Does.StartWith("no rule matched"));
        Assert.That(policy.Rules.Single().TaskTypes, Is.EqualTo(new[] { "x" }));
    }

    [Test]
    public async Task DecideAsync_RulesBoundFromConfigurationJson_AreApplied()
    {
        const string Json = """
            {
              "Router": {
                "DefaultTier": "light",
                "Rules": [
                  { "Name": "finance", "Tier": "heavy", "Match": "Any", "Domains": [ "finance" ], "Complexities": [ "High" ] },
                  { "Name": "tiny", "Tier": "light", "OutputTokensBelow": 10, "RequiresTools": false },
                  { "Name": "long", "Tier": "heavy", "OutputTokensAbove": 2000 }
                ]
              }
            }
            """;
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        var options = new TierRouterOptions();
        configuration.GetSection("Router").Bind(options);
        var policy = new RuleTierPolicy(options.Rules, options.DefaultTier);

        Assert.That(options.Rules, Has.Count.EqualTo(3));
        Assert.That((await Decide(policy, new TaskProfile { Complexity = TaskComplexity.High })).Reason, Is.EqualTo("complexity High is in [High] (rule finance)"));
        Assert.That((await Decide(policy, new TaskProfile { Domain = "Finance" })).Tier, Is.EqualTo("heavy"));
        Assert.That((await Decide(policy, new TaskProfile { EstimatedOutputTokens = 5, RequiresTools = false })).Reason,
            Is.EqualTo("the estimated output of 5 tokens is below 10 and the task requires no tools (rule tiny)"));
        Assert.That((await Decide(policy, new TaskProfile { EstimatedOutputTokens = 5 })).Reason, Does.StartWith("no rule matched; default tier 'light'"));
        Assert.That((await Decide(policy, new TaskProfile { EstimatedOutputTokens = 2001 })).Tier, Is.EqualTo("heavy"));
    }

    [Test]
    public void Ctor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new RuleTierPolicy(null!));
        Assert.Throws<ArgumentNullException>(() => _ = new RuleTierPolicy([null!]));
        Assert.Throws<ArgumentException>(() => _ = new RuleTierPolicy([], " "));
        var error = Assert.Throws<ArgumentException>(() => _ = new RuleTierPolicy([new TierRule { Name = "no-tier", MinSteps = -1 }]));
        Assert.That(error!.Message, Does.Contain("rules[0]:Tier is missing").And.Contain("MinSteps"));
    }

    [Test]
    public void DecideAsync_NullContext_ThrowsArgumentNullException()
    {
        var policy = new RuleTierPolicy(RuleTierPolicy.DefaultRules);

        Assert.Throws<ArgumentNullException>(() => _ = policy.DecideAsync(null!, CancellationToken.None));
    }
}
