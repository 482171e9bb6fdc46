#!/usr/bin/env bash
# The browser in a real terminal: tmux runs it, send-keys types, capture-pane
# reads the screen. Every wait polls the screen until what a user would see
# is there (or a timeout fails the test); there are no fixed sleeps.
#
# Usage: test-browser.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT set)
set -u

bin=$1
src=${AIX_SOURCE_ROOT:?}
shipped=$src/catalogue
tmp=$(mktemp -d)
. "$(dirname "$0")/lib.sh"

# start [ENV=VALUE...] -- [ARGS...]: runs the browser in a new 80x24 tmux
# session; when it exits, the shell prints EXITED:<status>.
start() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	new_server 80 24 "env ${envs[*]} '$bin' --db '$tmp/e2e.db' --catalogue '$shipped' $*; echo EXITED:\$?; sleep 60"
}

# The list shows how many products match in the header, e.g. "19/185".
header_count() { screen | head -n 1 | grep -Eo '[0-9]+ */ *185' | head -n 1 | tr -d ' ' | cut -d/ -f1; }

expect_exit_clean() {
	wait_for 'EXITED:0' "the browser exits with status 0"
	local alt
	alt=$(tmuxc display-message -p -t e2e '#{alternate_on}')
	[ "$alt" = "0" ] && pass || fail "the terminal is still in the alternate screen after exit"
}

# --- Chinese: the whole path of a new user ----------------------------------
start -- --lang zh_CN
wait_for '示例数据' "the sample-data notice in Chinese"
wait_for '185/185' "the header counts 185 products"
wait_for '1帮助.*3搜索.*4筛选.*5对比.*6排序' "the function-key bar in Chinese"
wait_for '9订单 10退出' "F9 is named 订单 (the order) in the bar"
wait_for '第二期 +显示 185/185' "the header names the edition as the detail does (第二期)"
keys F3
keys z y m j
wait_for '搜索： zymj' "the search field shows zymj"
# 紫阳毛尖 is in the full list too: wait for the count to narrow.
for _ in $(seq 1 "$poll_tries"); do
	n=$(header_count)
	[ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt 185 ] && break
	sleep 0.05
done
[ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt 185 ] && pass || fail "zymj narrows the list (header says $n)"
wait_for '紫阳毛尖' "typing zymj finds 紫阳毛尖"
keys BSpace BSpace BSpace BSpace
wait_for '185/185' "backspacing the search shows every product again"
keys Enter

# Filter: township 毛坝镇 in the panel, then clear with one key.
want=$("$bin" --db "$tmp/e2e.db" --catalogue "$shipped" list --township 毛坝镇 --format tsv | tail -n +2 | wc -l)
keys F4
wait_for '分类.*不限' "the filter panel opens on the categories"
keys Down Enter
wait_for '毛坝镇' "the township values are listed"
# The townships in catalogue order: 毛坝镇 is the 12th after "不限".
for _ in $(seq 1 12); do keys Down; done
keys Enter
wait_for "显示 $want/185" "choosing 毛坝镇 lists its $want products"
# A second township is added to the first: both are listed.
two=$("$bin" --db "$tmp/e2e.db" --catalogue "$shipped" list --township 毛坝镇 --township 瓦庙镇 --format tsv | tail -n +2 | wc -l)
keys Down Enter
wait_for "显示 $two/185" "choosing 瓦庙镇 too lists the $two products of both"
wait_for "镇 +毛坝镇、瓦庙镇" "the panel names both townships"
keys Enter
wait_for "显示 $want/185" "Enter on 瓦庙镇 again takes it out"
keys Enter
wait_for "显示 $two/185" "and Enter puts it back"
keys Escape
wait_for "筛选：.*毛坝镇、瓦庙镇" "the active filter is shown on the search row"
keys x
wait_for '显示 185/185' "x clears the filter"
wait_gone "筛选：.*毛坝镇" "no filter is shown after x"

# The price range as it reads: ¥20.00–¥45.00, ¥45.00 以下 (never -¥45.00).
keys F4
wait_for '分类.*不限' "the filter panel opens"
for _ in $(seq 1 6); do keys Down; done
keys Enter
type_text 20
keys Down
type_text 45
keys Enter
wait_for '价格 +20–45' "the panel shows the range 20–45"
keys Escape
wait_fixed '筛选： ¥20.00–¥45.00' "the search row shows ¥20.00–¥45.00"
keys F4
wait_for '价格 +20–45' "the panel shows the range again"
for _ in $(seq 1 6); do keys Down; done
keys Enter Up BSpace BSpace Enter
wait_for '价格 +45 以下' "the panel shows 45 以下"
keys Escape
wait_fixed '筛选： ¥45.00 以下' "the search row shows ¥45.00 以下"
# D clears the filter under the cursor only: the price goes, the category stays.
tea=$("$bin" --db "$tmp/e2e.db" --catalogue "$shipped" list --category tea --format tsv | tail -n +2 | wc -l)
keys F4
wait_for '价格 +45 以下' "the panel shows 45 以下"
wait_fixed 'D 清除此项' "the panel's key line names D"
keys Enter Down Enter
wait_for '分类 +茶叶' "the category 茶叶 is chosen"
keys Left
for _ in $(seq 1 6); do keys Down; done
keys D
wait_for '价格 +不限' "D on 价格 clears the price range"
wait_for '分类 +茶叶' "the category stays"
wait_for "显示 $tea/185" "the list has every tea again ($tea)"
keys Escape
keys x
wait_for '显示 185/185' "x clears every filter"

# Sort by price, high to low, in the sort menu: the dearest product comes first.
top=$("$bin" --db "$tmp/e2e.db" --catalogue "$shipped" list --sort price:desc --format tsv | sed -n 2p | cut -f2)
# From the fifth row: the sort takes the cursor to the top.
keys Home Down Down Down Down
keys F6
wait_for '价格，从高到低' "the sort menu offers price, high to low"
keys Home
for _ in $(seq 1 5); do keys Down; done
wait_for '价格，从高到低' "the menu is still open"
keys Enter
wait_gone '排序方式' "choosing a sort closes the menu"
# The cursor goes to the top of the new order: the detail pane shows it.
wait_fixed "│ $top " "after sorting by price, high to low, the cursor is on $top"
if screen | sed -n 4p | grep -qF -- "$top"; then pass; else fail "after sorting by price, high to low, the first row is not $top"; fi
# r reverses, and the cursor goes to the top again: the cheapest product.
read -r low lowname < <("$bin" --db "$tmp/e2e.db" --catalogue "$shipped" list --sort price --format tsv | sed -n 2p | awk -F'\t' '{print $8, $2}')
keys Down Down r
wait_for "^  .* ¥$low " "r reverses the sort: the cheapest (¥$low) comes first"
wait_fixed "│ $lowname " "after r the cursor is on the cheapest, $lowname"
keys F6
wait_for '排序方式'
keys Home Enter
wait_gone '排序方式'

# Help.
keys F1
wait_for 'zymj' "the help screen explains initials"
keys Escape
wait_for '185/185' "Esc leaves the help"

# F9 with no list says how to make one.
keys F9
wait_fixed '按 F7 查看清单，在那里按 n 新建' "F9 without a list names the keys that make one"

# The purposes are the holidays' full names: 清明节, 端午节, 中秋节.
keys F7
wait_for '新建采购清单' "F7 without a list opens the form for a new one"
keys Down Down Down
wait_for '< 元旦 >' "the purpose starts at 元旦"
keys Right Right
wait_for '< 清明节 >' "the purpose 清明节"
keys Right Right
wait_for '< 端午节 >' "the purpose 端午节"
keys Right
wait_for '< 中秋节 >' "the purpose 中秋节"
keys Right
wait_for '< 国庆节 >' "the purpose 国庆节"
keys Escape
wait_gone '新建采购清单' "Esc leaves the form"
keys Escape
wait_for '185/185' "back on the list"

# 起订 says its unit: 起订量：5箱 in the whole detail.
keys /
type_text fxlczgflz
keys Enter
wait_for '富硒绿茶职工福利装' "fxlczgflz finds 富硒绿茶职工福利装"
keys Enter
wait_fixed '起订量：5箱' "the detail says the minimum order with its unit"
keys Escape x
wait_for '显示 185/185' "x clears the search"

# Compare two teas found by pinyin.
keys /
keys c u i f e n g Enter
wait_for '翠峰' "cuifeng finds 翠峰"
keys Space Space
keys c
wait_for '每斤价' "the compare screen shows the price per 500 g row"
keys Escape

# Resize to below the minimum and back.
tmuxc resize-window -t e2e -x 40 -y 10
wait_for '60×14' "a small window asks to be enlarged"
tmuxc resize-window -t e2e -x 100 -y 30
wait_for '翠峰' "back to a large window, the list is drawn again"

keys F10
expect_exit_clean

# --- a search with no sort chosen: the names that match first ----------------
# Typed a letter at a time (each search narrows the last one's list), the
# browser lists zyfxc as list --search does: the names with 紫阳富硒茶 before
# the teas that only their tag 紫阳富硒茶 finds.
"$bin" --db "$tmp/e2e.db" --catalogue "$shipped" list --search zyfxc --format tsv >"$tmp/zyfxc.tsv" 2>/dev/null
want=$(($(wc -l <"$tmp/zyfxc.tsv") - 1))
start -- --lang zh_CN
wait_for '185/185'
keys F3
keys z y f x c
wait_for "搜索： zyfxc" "the search field shows zyfxc"
wait_for "$want/185" "zyfxc finds what list --search finds ($want)"
keys Enter
lines=$(screen)
last=0
ordered=1
while IFS= read -r name; do
	at=$(printf '%s\n' "$lines" | grep -n -F -- "$name" | head -n 1 | cut -d: -f1)
	if [ -z "$at" ] || [ "$at" -le "$last" ]; then
		ordered=0
		break
	fi
	last=$at
done < <(tail -n +2 "$tmp/zyfxc.tsv" | cut -f2 | awk '!seen[$0]++' | head -n 5)
[ "$ordered" -eq 1 ] && pass || fail "the browser lists zyfxc in the order of list --search: $(tail -n +2 "$tmp/zyfxc.tsv" | cut -f2 | head -n 5 | tr '\n' ' ')"
case $(tail -n +2 "$tmp/zyfxc.tsv" | head -n 1 | cut -f2) in
*紫阳富硒茶*) pass ;;
*) fail "list --search zyfxc: the first name has no 紫阳富硒茶" ;;
esac
keys F10
expect_exit_clean

# --- English, and the enterprises view ----------------------------------------
start -- --lang en
wait_for 'SAMPLE DATA' "the sample-data notice in English"
wait_for '1Help.*3Search.*4Filter' "the function-key bar in English"
keys e
wait_for '华会' "the enterprises view lists 华会"
keys q
expect_exit_clean

# --- a signal restores the terminal ------------------------------------------
start -- --lang en
wait_for '185/185'
pid=$(pgrep -n -f -- "--db $tmp/e2e.db" || true)
[ -n "$pid" ] && kill -TERM "$pid"
wait_for 'EXITED:143' "SIGTERM ends the browser cleanly, with the status of SIGTERM"
alt=$(tmuxc display-message -p -t e2e '#{alternate_on}')
[ "$alt" = "0" ] && pass || fail "after SIGTERM the terminal is still in the alternate screen"

# --- NO_COLOR: no colour sequences on the screen --------------------------------
start NO_COLOR=1 -- --lang en
wait_for '185/185'
if tmuxc capture-pane -p -e -t e2e | grep -Eq $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)'; then
	fail "NO_COLOR=1 still draws colours"
else
	pass
fi
keys q
expect_exit_clean

# --- another aixingou imports the catalogue again while the browser is open ----
# The browser's list, search index and counts are of the old import: it
# looks for a new one every 200 ms, key or no key, renews them and says why
# the list changed. The notice outlives the next key, which is done too.
cp -r "$shipped" "$tmp/cat"
new_server 80 24 "'$bin' --db '$tmp/re.db' --catalogue '$tmp/cat' --lang en; echo EXITED:\$?; sleep 60"
wait_for '185/185 shown' "the browser on a copy of the catalogue"
rm "$tmp/cat/enterprises/01-kehong.yaml"
"$bin" --db "$tmp/re.db" --catalogue "$tmp/cat" list --format tsv >"$tmp/re.tsv" 2>/dev/null
after=$(tail -n +2 "$tmp/re.tsv" | wc -l)
[ "$after" -lt 185 ] && pass || fail "the catalogue without 01-kehong.yaml lists $after products"
wait_for "imported again by another aixingou" "the browser says the catalogue was imported again"
wait_for "$after/$after shown" "the header counts the new import"
# Down moves to the second product of the new import; the notice stays.
second=$(sed -n 3p "$tmp/re.tsv" | cut -f2)
keys Down
wait_fixed "│ $second " "Down after the notice shows the second product ($second)"
screen | grep -q "imported again by another aixingou" && pass ||
	fail "the notice that the catalogue was imported again went with the next key"
# It goes after a few seconds, at a key.
gone=no
for _ in $(seq 1 60); do
	keys Down Up
	sleep 0.5
	screen | grep -q "imported again by another aixingou" || { gone=yes; break; }
done
[ $gone = yes ] && pass || fail "the notice that the catalogue was imported again never goes"
keys F10
wait_for 'EXITED:0' "quits"
# Its first start read the new catalogue: on a terminal that is said before
# the screen opens (a big catalogue takes seconds); it is there after exit.
wait_for "reading the catalogue in $tmp/cat" "the first start says it reads the catalogue"

finish
