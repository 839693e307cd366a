/* The command table and `weibao help`. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#define COMMON "[--data DIR] [--db URL]"

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, "create a data directory: database, key file, 桐乡 defaults, admin user",
	  "weibao init " COMMON "\n"
	  "  Creates DIR (default: $WEIBAO_DATA or .), the key file DIR/weibao.key (mode 0600),\n"
	  "  the database (DIR/weibao.db, or --db/$WEIBAO_DB: a file or postgresql://…),\n"
	  "  the divisions and member units of 桐乡市, the default roles and the user 'admin',\n"
	  "  whose password is $WEIBAO_ADMIN_PASSWORD or generated and printed once.\n"
	  "  Refuses to run twice on the same directory or database." },
	{ "serve", cmd_serve, "run the web server",
	  "weibao serve " COMMON " [--listen ADDR:PORT] [--web DIR]\n"
	  "  Serves the API and web UI on ADDR:PORT (default $WEIBAO_LISTEN or 127.0.0.1:8080).\n"
	  "  Settings come from DIR/weibao.conf (see weibao.conf(5) and 'weibao config check');\n"
	  "  --web DIR names the built UI (default: ../share/weibao/web beside the binary).\n"
	  "  An empty data directory is initialised first, as 'weibao init' would.\n"
	  "  Refuses a database whose schema is older (run 'weibao migrate') or newer." },
	{ "migrate", cmd_migrate, "upgrade the database schema to this version",
	  "weibao migrate " COMMON },
	{ "config", cmd_config, "check a data directory: settings, key file, database schema",
	  "weibao config check " COMMON "\n"
	  "  Prints every setting of DIR/weibao.conf with its effective value and where it\n"
	  "  came from (the file and its line, or the default), then checks that the key\n"
	  "  file exists and is readable by its owner only (mode 0600), that the database\n"
	  "  opens and that its schema is current.  Exits 0 when 'weibao serve' can start,\n"
	  "  1 naming the bad line of weibao.conf or the first problem and what to run." },
	{ "user", cmd_user, "add, list, disable, enable users, set a password, reset two-factor sign-in",
	  "weibao user add LOGIN --name NAME --role ROLE[,ROLE] [--unit UNIT]\n"
	  "                [--scope county|town:CODE|village:CODE|unit|own|institution:ID] [--password-stdin] " COMMON "\n"
	  "       weibao user list " COMMON "\n"
	  "       weibao user disable|enable LOGIN " COMMON "\n"
	  "       weibao user passwd LOGIN [--password-stdin] " COMMON "\n"
	  "       weibao user totp-reset LOGIN " COMMON "\n"
	  "  The password comes from standard input (--password-stdin), $WEIBAO_USER_PASSWORD,\n"
	  "  or is generated and printed once.  Roles: admin, unit_liaison, town_worker,\n"
	  "  village_director, reporter, institution_hr, registry_keeper, leader, finance." },
	{ "import", cmd_import, "import divisions (villages) or member units from .xlsx or CSV",
	  "weibao import divisions|units FILE " COMMON "\n"
	  "  divisions: columns code,name[,kind,parent_code,population] (.xlsx, or CSV in\n"
	  "  UTF-8 or GB18030);\n"
	  "  every row is checked first and nothing is written if any is wrong.\n"
	  "  units: columns code,name,kind[,aliases] (aliases separated by '|')." },
	{ "audit", cmd_audit, "verify the audit log's hash chain",
	  "weibao audit verify " COMMON "\n"
	  "  Exits 0 when every event is intact, 1 naming the first event that was modified,\n"
	  "  deleted, inserted or reordered." },
	{ "plan", cmd_plan, "parse or import a work-plan notice (items, units, targets, tasks)",
	  "weibao plan parse FILE\n"
	  "       weibao plan import FILE [--deadline YYYY-MM-DD] [--replace] [--archived] " COMMON "\n"
	  "  import stores the plan with one task per responsible unit (lead units marked),\n"
	  "  due on --deadline or 31 December of the plan's year; a document number already\n"
	  "  imported is refused unless --replace, which keeps the tasks' history.  --archived\n"
	  "  stores a plan of a finished year as history: no lights, no automatic 督办, no\n"
	  "  actions on its tasks (import it again without --archived to revive it).\n"
	  "       weibao plan supervise " COMMON "\n"
	  "  raises 督办 notices on overdue tasks now (serve does it every 10 minutes).\n"
	  "       weibao plan demo " COMMON "\n"
	  "  loads the example plan (示例) of this year: the items of the 2022 plan, with\n"
	  "  tasks in every state: to sign for, signed with a 延期申请, reporting with a\n"
	  "  figure, returned, closed, overdue with its 督办 answered ('gen demo' runs it).\n"
	  "  Reads an official work-plan notice (plain text, UTF-8 or GB18030) and prints its\n"
	  "  sections, numbered items, responsible units (lead first) and quantitative targets\n"
	  "  as JSON, without touching the database.  Units are matched against the member\n"
	  "  units built into weibao; unknown ones are kept and listed under \"warnings\"." },
	{ "facility", cmd_facility, "the service-network registers: CSV template, import, list",
	  "weibao facility template TYPE\n"
	  "       weibao facility import TYPE FILE [--skip-bad] " COMMON "\n"
	  "       weibao facility list TYPE [--town CODE] [--json] " COMMON "\n"
	  "  TYPE: station 未保站, rescue 救助保护机构, children_home 儿童之家, post 妇女儿童驿站,\n"
	  "  childcare 托育机构, rehab 康复定点机构, school 学校, org 社会组织, project 政府购买服务项目,\n"
	  "  supervisor 儿童督导员, director 儿童主任.  template prints the CSV header line (UTF-8\n"
	  "  with BOM).  import reads the first worksheet of an .xlsx, or UTF-8 or GB18030 CSV,\n"
	  "  with those Chinese headers (problems name the sheet's row numbers); every row\n"
	  "  is checked first and nothing is written if any is wrong, unless --skip-bad, which\n"
	  "  writes the good rows and the bad ones to FILE.rejected.csv with their reasons.  A\n"
	  "  record is matched by type, name and division: importing a file again changes\n"
	  "  nothing.  list prints a register (phones masked), tab-separated or --json." },
	{ "training", cmd_training, "training records of the 儿童督导员 and 儿童主任 rosters",
	  "weibao training list [--town CODE] [--json] " COMMON "\n"
	  "       weibao training add --name NAME --date YYYY-MM-DD --organiser UNIT --division CODE\n"
	  "                           [--attendee ID]... " COMMON "\n"
	  "  list prints the trainings, newest first, tab-separated or --json.  add records one,\n"
	  "  held for a division (6, 9 or 12 digits); each --attendee is the ID of a 儿童督导员\n"
	  "  or 儿童主任 record (weibao facility list supervisor|director).  Audited." },
	{ "child", cmd_child, "children in difficulty: CSV template, import, look-up, list",
	  "weibao child template\n"
	  "       weibao child import FILE [--skip-bad] " COMMON "\n"
	  "       weibao child show IDNUMBER [--as-of YYYY-MM-DD] [--json] " COMMON "\n"
	  "       weibao child list [--category C] [--village CODE] [--as-of YYYY-MM-DD] [--json] " COMMON "\n"
	  "       weibao child visits overdue [--village CODE] [--json] " COMMON "\n"
	  "       weibao child rejects ID --out FILE " COMMON "\n"
	  "       weibao child transfer IDNUMBER --village CODE --reason R " COMMON "\n"
	  "       weibao child rederive " COMMON "\n"
	  "       weibao child purge [--dry-run] [--json] " COMMON "\n"
	  "  template prints the CSV header line (UTF-8 with BOM).  import reads UTF-8 or GB18030\n"
	  "  CSV with those Chinese headers; every row is checked first (ID number, village,\n"
	  "  closed lists, dates, an ID number already registered) and nothing is written if any\n"
	  "  is wrong, unless --skip-bad: then the good rows are written and the bad ones kept\n"
	  "  encrypted in the database for 7 days (never in a file in clear); 'rejects ID --out\n"
	  "  FILE' hands them to their importer.  Names, ID numbers, addresses and guardians are\n"
	  "  encrypted at rest; the categories (孤儿, 事实无人抚养儿童, 留守儿童, 困境儿童, 残疾儿童)\n"
	  "  are derived from the parents' statuses, never typed.  show looks a child up by ID\n"
	  "  number (audited) and prints the masked record with its categories and why; list the\n"
	  "  masked register, by category (Chinese name or orphan, de_facto, left_behind,\n"
	  "  difficulty, disabled) and village, as of a date (default today).  visits overdue\n"
	  "  lists the children under 18 in a category whose visit is overdue (孤儿 and\n"
	  "  事实无人抚养儿童 monthly, others quarterly), masked, with the days.  rederive derives\n"
	  "  again now every child whose categories are due (a six-month mark, a 16th or 18th\n"
	  "  birthday, a status ending; serve does it every hour).  transfer moves a child to\n"
	  "  another village at once, as the office (the history keeps from, to and the reason;\n"
	  "  the categories stay); towns transfer through the API (start, then accept).  purge\n"
	  "  reduces the records of those whose 18th birthday was child_retention_years\n"
	  "  (weibao.conf, default 3) years ago or more to what the statistics need (name, ID\n"
	  "  number, address, bank account, school, guardians, evidence and visit findings\n"
	  "  removed; birth date cut to its month), in one transaction, audited; --dry-run lists\n"
	  "  them (masked, per town) and changes nothing; serve does it daily." },
	{ "check", cmd_check, "background checks (入职查询): the offender registry, rosters checked",
	  "weibao check registry import FILE [--skip-bad] [--json] " COMMON "\n"
	  "       weibao check registry template\n"
	  "       weibao check run --institution ID|NAME FILE [--json] " COMMON "\n"
	  "       weibao check template\n"
	  "       weibao check due [--institution ID|NAME] [--json] " COMMON "\n"
	  "       weibao check coverage [--as-of YYYY-MM-DD] [--json] " COMMON "\n"
	  "  registry import: the offender registry (姓名, 身份证号, 类别 性侵害/虐待/拐卖/暴力伤害,\n"
	  "  记录日期; .xlsx or CSV): every row checked first, nothing written with a bad row\n"
	  "  unless --skip-bad; only the blind index of each ID number under the registry key\n"
	  "  (a key of its own in the key file, never rotated) is stored, with the category and\n"
	  "  the date, never a name or a number.  run: an institution's roster (姓名, 身份证号,\n"
	  "  岗位, 同意书编号, 入职日期 — empty for an applicant) checked against it: each row\n"
	  "  无记录 or 有记录 with today's date, a malformed row 无效 on its row (the rest\n"
	  "  completes), a person twice in the file checked once; the people are kept on the\n"
	  "  institution's roster (ID number and name encrypted), 有记录 notifies the supervising\n"
	  "  unit (check_supervisor_units).  --json: {\"checked\",\"hits\",\"rows\":[{\"row\",\n"
	  "  \"id_number_masked\",\"result\"}],…}.  template: the CSV header lines.  due: the\n"
	  "  employees whose last check is older than check_recheck_months (default 12)\n"
	  "  calendar months, masked.  coverage: current staff checked within that period ÷\n"
	  "  current staff, for the county, per institution type (and per institution with\n"
	  "  --json), as of today or --as-of." },
	{ "allowance", cmd_allowance, "allowances of children in difficulty: standards, a month's list",
	  "weibao allowance standard add --category C --mode M --from YYYY-MM-DD --amount YUAN " COMMON "\n"
	  "       weibao allowance standard list " COMMON "\n"
	  "       weibao allowance run --month YYYY-MM [--json] [--approve] " COMMON "\n"
	  "  A standard is 元 a month for a category (孤儿, 事实无人抚养儿童, …) and support mode\n"
	  "  (集中供养: placed in an institution; 社会散居: family, relatives, foster family) from a\n"
	  "  date; a new one from its date, the old ones kept.  The 集中供养 orphan standard × 12\n"
	  "  under 25,000 元 is flagged (plan item 6).  run computes the month's payment list: each\n"
	  "  child eligible on any day of the month, paid once by the first of 孤儿 and\n"
	  "  事实无人抚养儿童 (which follows the 散居孤儿 standard unless it has its own), at the\n"
	  "  standard in force on the month's first day; --approve freezes it (audited); a run of\n"
	  "  an approved month lists the differences from the frozen list." },
	{ "indicators", cmd_indicators, "the plan's targets measured from the registers",
	  "weibao indicators [--plan ID] [--as-of YYYY-MM-DD] [--town CODE] [--json] " COMMON "\n"
	  "  Each target of the plan (default: the latest plan not archived) as of the date\n"
	  "  (default: today): its actual figure, computed from the registers when the target\n"
	  "  is bound to an indicator, else the latest figure a unit reported, and whether it\n"
	  "  is met; --town gives one town's figures; --json the API's JSON." },
	{ "gen", cmd_gen, "generate the demo data set (示例数据) of a first look at weibao",
	  "weibao gen demo [--seed N] " COMMON "\n"
	  "  Adds a synthetic, clearly labelled data set: villages and communities under the\n"
	  "  towns, each with a population, records in every register (names with 示例, note\n"
	  "  示例数据), vacancies in the rosters and a few trainings, chosen so that some of the\n"
	  "  plan's targets are met and some not; then the example plan of this year (as\n"
	  "  'plan demo') unless it is loaded already.  The same seed (default 2022) gives the\n"
	  "  same data in a given year.  Refuses, changing nothing, when it has run before or\n"
	  "  the database holds villages or register records of its own.  'make run' runs it\n"
	  "  on first start; weibao never runs it by itself.\n"
	  "       weibao gen children --count N [--seed S] [--csv FILE] " COMMON "\n"
	  "  N synthetic children in difficulty (示例; none is a real person): valid, distinct ID\n"
	  "  numbers, plausible names, spread over the villages in the database, a realistic mix\n"
	  "  of the parents' statuses, placements, family economy and disability; the same seed\n"
	  "  gives the same children on a given day.  Registered through the import (one\n"
	  "  transaction, audited), or with --csv written to a new file in the import template.\n"
	  "       weibao gen cases --count N [--seed S] " COMMON "\n"
	  "  N synthetic cases (个案, 示例): over the villages, eight in ten linked to registry\n"
	  "  children (run gen children first), sources, situations and states in a plausible\n"
	  "  mix, each walked to its state with a timeline (acceptance, assessment, care,\n"
	  "  follow-up, closure, the police's acceptance) whose moments give green, yellow and\n"
	  "  red cases; narratives, contacts and reasons sealed as the service seals them.  One\n"
	  "  transaction, audited; progress on stderr.\n"
	  "       weibao gen registry --count N [--seed S] --csv FILE\n"
	  "       weibao gen roster --count N [--registry N] [--share PCT] [--seed S] --csv FILE\n"
	  "  A synthetic offender registry (姓名, 身份证号, 类别, 记录日期) or roster of background\n"
	  "  checks (姓名, 身份证号, 岗位, 同意书编号, 入职日期; one in ten an applicant) of\n"
	  "  valid, distinct ID numbers (示例; none is a real person), written to a new file; a\n"
	  "  roster made with the registry's seed and --registry count holds PCT per cent\n"
	  "  (default 1) of people on that registry (default count 100000)." },
	{ "backup", cmd_backup, "write an encrypted backup of the database while it is in use",
	  "weibao backup FILE " COMMON "\n"
	  "  A consistent copy of the whole database (SQLite's online backup, or one PostgreSQL\n"
	  "  snapshot), encrypted and authenticated with a key derived from DIR/weibao.key;\n"
	  "  written to FILE.partial and renamed when complete.  Keep a copy of the key file\n"
	  "  apart from the backups: without it no backup can be read." },
	{ "restore", cmd_restore, "restore a backup into an empty data directory or database",
	  "weibao restore FILE " COMMON "\n"
	  "  DIR must hold the key file the backup was made with (copy it there first) and no\n"
	  "  database yet (or --db an empty PostgreSQL database).  The restored database is\n"
	  "  migrated to this version and its audit chain verified; nobody is signed in." },
	{ "keys", cmd_keys, "rotate the field-encryption and blind-index keys",
	  "weibao keys rotate [--settle SECONDS] [--batch N] " COMMON "\n"
	  "  Adds a new generation of the field-encryption and blind-index keys to DIR/weibao.key\n"
	  "  (older generations stay, so older data and backups remain readable), waits --settle\n"
	  "  seconds (default 3) for running servers to load it, then re-encrypts every protected\n"
	  "  field under it, --batch (default 100) per transaction.  Servers keep running.  An\n"
	  "  interrupted rotation resumes where it stopped when run again." },
	{ "help", cmd_help, "show help for a command", "weibao help [COMMAND]" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_help(int argc, char **argv)
{
	if (argc > 2)
		return cli_usage("help");
	if (argc == 2) {
		for (const struct cli_command *c = cli_commands; c->name; c++)
			if (strcmp(c->name, argv[1]) == 0) {
				printf("weibao %s — %s\nusage: %s\n", c->name, c->summary, c->usage);
				return EXIT_OK;
			}
		cli_error("no command '%s'; see 'weibao help'", argv[1]);
		return EXIT_USAGE;
	}
	printf("weibao %s — the minor protection committee's information platform (未保)\n\n"
	       "usage: weibao COMMAND [ARGS]\n\ncommands:\n", WEIBAO_VERSION);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		printf("  %-9s %s\n", c->name, c->summary);
	printf("\n'weibao help COMMAND' for details; 'weibao --version' for the version.\n"
	       "Exit codes: 0 success, 1 failure, 2 usage error.\n");
	return EXIT_OK;
}
