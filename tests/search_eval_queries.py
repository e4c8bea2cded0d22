"""Evaluation set over data/pycascades-2024.md: queries as people type them, and the talk meant.

Expected talks are named by a distinctive title fragment (see `bot.search.evaluation.resolve`);
`None` means no talk in the notes fits and the search must say so.
"""

from __future__ import annotations

from bot.search.evaluation import EvalQuery

TYPES = "Types, In My Python"
BUGS = "Most Infamous Bugs"
INTRO = "Intro to Introspection"
JUPYREST = "Rest Easy with Jupyrest"
DUNDER = "Dunder Seuss"
MLOPS = "Embracing MLOps"
GAME = "Pythonic Play"
RUST = "Write Python In Is Rust"
PYSCRIPT = "Next Level Python Applications"
NIX = "I declare an environment"
KANDINSKY = "Kandinsky"
ECLIPSE = "Eclipse path"
SAME = "same thing over and over"
QUARTO = "Reporting With Quarto"
PYOPENSCI = "PyOpenSci"
TRADING = "Trading & Python"
TEACH = "Power To The People"
END = "End of Days"
PPB = "PursuedPyBear"
GRAPHQL = "GraphQL microservices"
PLAYWRIGHT = "with Playwright"
CLI = "Human-Friendly CLI"
A11Y = "Notably Inaccessible"
USB = "Cutting the USB cord"
CONTAINERS = "Containerizing Python"
SEA = "The Rising Sea"
PANEL = "PyLadies Panel"


def _group(category: str, pairs: list[tuple[str, str | None]]) -> list[EvalQuery]:
    return [EvalQuery(query, expect, category) for query, expect in pairs]


QUERIES: list[EvalQuery] = [
    *_group(
        "title",
        [
            ("playwright", PLAYWRIGHT),
            ("jupyrest", JUPYREST),
            ("introspection", INTRO),
            ("infamous bugs", BUGS),
            ("dunder methods", DUNDER),
            ("mlops", MLOPS),
            ("game development", GAME),
            ("next level pyscript", PYSCRIPT),
            ("reproducibility docker", NIX),
            ("kmeans", KANDINSKY),
            ("eclipse", ECLIPSE),
            ("quarto", QUARTO),
            ("pyopensci", PYOPENSCI),
            ("trading", TRADING),
            ("end of days", END),
            ("pursuedpybear", PPB),
            ("graphql", GRAPHQL),
            ("human friendly cli", CLI),
            ("inaccessible notebooks", A11Y),
            ("circuitpython", USB),
            ("containerizing", CONTAINERS),
            ("rising sea", SEA),
            ("pyladies panel", PANEL),
            ("rust", RUST),
            ("types in my python", TYPES),
            ("deploy notebooks as web services", JUPYREST),
            ("oh the methods you can make", DUNDER),
            ("beautiful reporting", QUARTO),
            ("money combination", TRADING),
            ("usb cord", USB),
            ("geopandas", ECLIPSE),
            ("Graph QL", GRAPHQL),
        ],
    ),
    *_group(
        "speaker",
        [
            ("piper thunstrom", TYPES),
            ("thunstrom", TYPES),
            ("Piper", TYPES),
            ("ian zelikman", BUGS),
            ("jeremiah paige", INTRO),
            ("koushik", JUPYREST),
            ("joshua cannon", DUNDER),
            ("mayank jindal", MLOPS),
            ("drishti", GAME),
            ("hauck", RUST),
            ("fabio pliger", PYSCRIPT),
            ("kaiser", NIX),
            ("shaurya agarwal", KANDINSKY),
            ("christy heaton eclipse", ECLIPSE),
            ("jessica garson", SAME),
            ("Garson", SAME),
            ("sam edwardes", QUARTO),
            ("samyak jain", TRADING),
            ("madison swain-bowden", END),
            ("swain bowden", END),
            ("thameem", GRAPHQL),
            ("oliver rew", CLI),
            ("potluri", A11Y),
            ("scott shawcroft", USB),
            ("avik basu", CONTAINERS),
            ("matthew drury", SEA),
            ("mariatta", PANEL),
            ("lynn root", PANEL),
            ("sheena o'connell teaching", TEACH),
            ("Sheena OConnell playwright", PLAYWRIGHT),
            ("@izcoder", BUGS),
            ("b_smoke", PYSCRIPT),
            ("SamyakJainIND", TRADING),
        ],
    ),
    *_group(
        "misspelt speaker",
        [
            ("piper thunstrum", TYPES),
            ("zelikmann", BUGS),
            ("koushik krishnam", JUPYREST),
            ("mayank jindall", MLOPS),
            ("fabio plieger", PYSCRIPT),
            ("sara kaiser", NIX),
            ("mathew drury", SEA),
            ("jessica garsen", SAME),
            ("scot shawcroft", USB),
            ("venkatesh potlury", A11Y),
        ],
    ),
    *_group(
        "typo",
        [
            ("playwrite", PLAYWRIGHT),
            ("mlpos", MLOPS),
            ("circut python", USB),
            ("jupyrst", JUPYREST),
            ("introspecton", INTRO),
            ("kandinksy", KANDINSKY),
            ("pyscirpt applications", PYSCRIPT),
            ("containerising python", CONTAINERS),
            ("reproducability", NIX),
            ("quatro", QUARTO),
            ("dunder suess", DUNDER),
            ("infamus bugs", BUGS),
            ("inaccesible notebooks", A11Y),
            ("grpahql", GRAPHQL),
        ],
    ),
    *_group(
        "notes or abstract only",
        [
            ("nix", NIX),
            ("maturin", RUST),
            ("ariane 5", BUGS),
            ("mars climate orbiter", BUGS),
            ("pyo3", RUST),
            ("legb scope", INTRO),
            ("inspect module", INTRO),
            ("duck typing", TYPES),
            ("typeddict", TYPES),
            ("serverless notebook functions", JUPYREST),
            ("pygame", GAME),
            ("turtle snake clone", GAME),
            ("htmx alpine", PLAYWRIGHT),
            ("codegen trace", PLAYWRIGHT),
            ("openapi", CLI),
            ("bloomberg", CLI),
            ("jinja templates", CLI),
            ("blind developers", A11Y),
            ("bluetooth", USB),
            ("adafruit", USB),
            ("multi-stage builds", CONTAINERS),
            ("grothendieck", SEA),
            ("advent of code", SEA),
            ("renko candlestick charts", TRADING),
            ("mastery learning", TEACH),
            ("google cloud scheduler", SAME),
            ("pypodcats", PANEL),
            ("kingdom of fear", END),
            ("ppb", PPB),
            ("strawberry graphene", GRAPHQL),
            ("cheeseburger", GRAPHQL),
            ("centroids clustering", KANDINSKY),
            ("patriot missile", BUGS),
            ("python packaging guide", PYOPENSCI),
        ],
    ),
    *_group(
        "question",
        [
            ("who talked about testing web apps?", PLAYWRIGHT),
            ("was there a talk on running python in the browser?", PYSCRIPT),
            ("the one about rust and python", RUST),
            ("any talks on reproducible environments?", NIX),
            ("which talk covered docker image optimization?", CONTAINERS),
            ("who spoke about accessibility of jupyter notebooks", A11Y),
            ("what was the talk about famous software bugs", BUGS),
            ("talk about clustering photos with kmeans", KANDINSKY),
            ("who presented on game dev with pygame", GAME),
            ("the talk about deploying jupyter notebooks as serverless functions", JUPYREST),
            ("anything on mlops vs devops?", MLOPS),
            ("what did scott say about wireless circuitpython", USB),
            ("who gave the lightning talk about quarto", QUARTO),
            ("who talked about type hints", TYPES),
            ("session on designing a cli from openapi", CLI),
            ("who talked about teaching people to code", TEACH),
            ("building microservices with graphql and fastapi", GRAPHQL),
            ("the talk on introspecting running python code", INTRO),
            ("is there a talk about wifi and bluetooth on microcontrollers", USB),
            ("the one about doing the same thing over and over", SAME),
            ("lightning talk with poems", END),
        ],
    ),
    *_group(
        "filters",
        [
            ("speaker:sheena kind:lightning", TEACH),
            ("kind:panel", PANEL),
            ("speaker:heaton kind:lightning", ECLIPSE),
            ("conf:pycascades playwright", PLAYWRIGHT),
            ("year:2024 nix", NIX),
            ("speaker:garson", SAME),
        ],
    ),
    *_group(
        # What each talk is about, in other words than its title and abstract: the way
        # people half-remember a talk (issue 22).
        "paraphrase",
        [
            ("is python strongly or weakly typed", TYPES),
            ("protocols and interfaces as contracts for objects", TYPES),
            ("famous software disasters like the mars orbiter unit mixup", BUGS),
            ("what we can learn from history's worst programming mistakes", BUGS),
            ("the missile defense clock rounding error story", BUGS),
            ("looking inside live python objects with locals and globals", INTRO),
            ("how names get resolved through scopes and finding attributes at runtime", INTRO),
            ("turning a jupyter notebook into an api without rewriting it", JUPYREST),
            ("microsoft library serving notebooks with input and output schemas", JUPYREST),
            ("that rhyming talk about double-underscore methods", DUNDER),
            ("dr seuss style poem about special methods like rfloordiv", DUNDER),
            ("how ml operations differ from classic devops", MLOPS),
            ("versioning and continuously retraining models in production", MLOPS),
            ("writing video games with collision detection and game loops", GAME),
            ("snake clone with turtle, and an overview of arcade and pyglet", GAME),
            ("why polars, pydantic and ruff are built in a compiled language", RUST),
            ("fast stable tools for finance and science users via a compiled extension", RUST),
            ("running python on a web page with zero installation", PYSCRIPT),
            ("the creator showing apps that run python beside javascript", PYSCRIPT),
            ("making scientific projects reproducible, conda vs containers vs nix", NIX),
            ("declarative versus imperative environment specs", NIX),
            ("clustering the colours of pictures", KANDINSKY),
            ("customer segmentation algorithms shown on images instead of toy datasets", KANDINSKY),
            ("map of the upcoming total eclipse", ECLIPSE),
            ("scheduling a cloud function to refresh a search index", SAME),
            ("elastic developer advocate automating a repetitive data update", SAME),
            ("pretty publishing of analysis reports", QUARTO),
            ("community that reviews scientific python packages", PYOPENSCI),
            ("renko and candlestick charts for the stock market", TRADING),
            ("one to one tutoring and mastery learning beat classrooms", TEACH),
            ("growth mindset for people who teach programming", TEACH),
            ("reading poetry aloud, kingdom of fear", END),
            (
                "combining a query language api with a fast async framework for small services",
                GRAPHQL,
            ),
            ("overfetching and underfetching with rest and how to avoid them", GRAPHQL),
            ("end to end browser tests for htmx and alpine apps", PLAYWRIGHT),
            ("automating a real browser to check a todo app frontend", PLAYWRIGHT),
            ("generating a command line tool from an openapi spec", CLI),
            ("readable command line output with jinja templates instead of json", CLI),
            ("blind and low vision developers cannot use notebooks", A11Y),
            ("screen reader problems with figures in data science notebooks", A11Y),
            ("programming microcontrollers over bluetooth and wifi without a cable", USB),
            ("the one about making docker images smaller", CONTAINERS),
            ("faster rebuilds and smaller images for python apps", CONTAINERS),
            ("solving a problem slowly until it dissolves, advent of code", SEA),
            ("women in python discussing their roles in the community", PANEL),
            ("why so few women become core developers", PANEL),
        ],
    ),
    *_group(
        "no match",
        [
            ("kubernetes operators", None),
            ("quantum computing", None),
            ("blockchain smart contracts", None),
            ("haskell monads", None),
            ("terraform modules", None),
            ("elixir phoenix liveview", None),
            ("sourdough bread baking", None),
            ("vintage car restoration", None),
            ("xyzzy plugh", None),
            ("ios swift development", None),
            ("python kubernetes", None),
            ("who talked about knitting?", None),
        ],
    ),
]
