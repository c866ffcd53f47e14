# frozen_string_literal: true

# Runs html-proofer 3.x (Debian's ruby-html-proofer) over a built Jekyll site
# and writes every failure as one TSV row, instead of html-proofer's text report.
#
# Why a wrapper rather than the `htmlproofer` command:
# * html-proofer 3.19 turns every HTML attribute into a Ruby reader method; an
#   attribute whose name is not a valid Ruby identifier (GP Connect's sidebar
#   emits a lone `"` attribute) raises NameError and aborts the whole run. We
#   drop such attributes from the parsed node in memory (the built _site stays
#   byte-for-byte what Jekyll wrote) and log each one to stderr.
# * 3.19 appends the full issue list again for each failing internal link, so
#   its report repeats issues (quadratic in the number of failures); we
#   collect each new issue once, and de-duplicate what is left.
# * 3.19 collects internal URLs with `Hash#merge!`, so when the same href
#   string occurs on several pages only the last page's occurrences get their
#   #hash checked; we make that merge concatenate, so every page is checked.
# * the report gives only `#hash` for anchor failures and no hint of where on
#   the page a link sits; we record, per (file, line, href), the page region
#   (content, sidebar, topnav, footer, layout) so findings produced by theme
#   includes can be traced to their data file rather than to every page.
#
# Usage: ruby proof.rb SITE_DIR OUT_TSV
# Output columns: html_path line region kind target reason

require 'html-proofer'
require 'nokogiri'

SITE_DIR, OUT_TSV = ARGV
abort 'usage: ruby proof.rb SITE_DIR OUT_TSV' unless SITE_DIR && OUT_TSV

RUBY_IDENTIFIER = /\A[A-Za-z_][A-Za-z0-9_]*\z/.freeze
REGIONS = {} # [path, line, href-or-src] => region

def page_region(node)
  node.ancestors.each do |a|
    next unless a.respond_to?(:[])
    return 'sidebar' if a['id'] == 'mysidebar'
    return 'topnav' if a.name == 'nav'
    return 'footer' if a.name == 'footer'
    return 'content' if a['class'].to_s.split.include?('post-content')
  end
  'layout'
end

# Drops attributes html-proofer cannot turn into reader methods, and notes the
# page region of every element it looks at.
module TolerantElements
  def create_element(node)
    node.attribute_nodes.each do |attr|
      next if attr.name.tr('-:.;@', '_').match?(RUBY_IDENTIFIER)

      warn "proof.rb: #{@path}:#{node.line}: dropped invalid attribute name #{attr.name.inspect}"
      node.remove_attribute(attr.name)
    end
    target = node['href'] || node['src']
    REGIONS[[@path, node.line, target]] = page_region(node) if target
    super
  end
end
HTMLProofer::Check.prepend(TolerantElements)

# A Hash whose merge! keeps both lists for a key (see the merge note above).
class ConcatenatingHash < Hash
  def merge!(other)
    super(other) { |_url, mine, theirs| mine + theirs }
  end
end

# Installs the concatenating internal-URL table (unless PROOF_STOCK_MERGE=1,
# which keeps 3.19's last-page-wins behaviour for comparison) and gathers each
# internal-link issue once.
module CheckEveryPage
  def initialize(src, opts = {})
    super
    @internal_urls = ConcatenatingHash.new unless ENV['PROOF_STOCK_MERGE'] == '1'
  end

  def validate_internal_urls
    checker = @internal_link_checks
    return if checker.nil?

    already_reported = checker.issues.length
    @internal_urls.values.flatten.each do |internal|
      checker.check_internal_link(internal.link, internal.path, internal.line, internal.content)
    end
    @failures.concat(checker.issues.drop(already_reported))
  end
end
HTMLProofer::Runner.prepend(CheckEveryPage)

# Parses each target page once: 3.19 re-parses the target of every
# `page.html#hash` link, which made the full check several times slower.
module ParseEachPageOnce
  PARSED = {}

  def create_nokogiri(path)
    return super unless File.file?(path)

    PARSED[path] ||= super
  end
end
HTMLProofer::Utils.prepend(ParseEachPageOnce)

# Answers each (page, #hash) question once: 3.19 runs a Ruby-level XPath
# function over the whole target page for every link, and the sidebar repeats
# the same links on every page.
module LookUpEachHashOnce
  FOUND = {}.compare_by_identity # page document => { hash => found? }

  def hash_exists?(html, href_hash)
    answers = (FOUND[html] ||= {})
    answers.fetch(href_hash) { answers[href_hash] = super }
  end
end
LinkCheck.prepend(LookUpEachHashOnce)

# Keeps the failures instead of printing them and calling exit 1.
module KeepFailures
  attr_reader :failures

  def print_failed_tests; end
end
HTMLProofer::Runner.prepend(KeepFailures)

def issue_kind_and_target(issue)
  node = Nokogiri::HTML::DocumentFragment.parse(issue.content.to_s).element_children.first
  target = node && (node['href'] || node['src'])
  # the Images check stores the node's text, not its HTML: take the URL from the message
  target ||= issue.desc[/\Ainternal image (.*) does not exist\z/, 1]
  kind = issue.desc.match?(/hash|#\S+ does not exist/) ? 'anchor' : 'link'
  [kind, target.to_s]
end

def reason_of(desc)
  case desc
  when /^internal image .* does not exist/ then 'missing image'
  when /^internally linking to a directory/ then 'directory without trailing slash'
  when /^internally linking to .*, which does not exist/ then 'missing file'
  when /^linking to internal hash #.* that does not exist/ then 'missing anchor'
  when /^trying to find hash of / then 'missing file (with hash)'
  when /is an invalid URL/ then 'invalid URL'
  else desc
  end
end

def clean(text)
  text.to_s.gsub(/[\t\r\n]/, ' ')
end

# Links and images only: missing alt text is not a link problem. `href="#"`
# is the theme's JavaScript menu toggle (sidebar folders), never a target.
options = { disable_external: true, allow_hash_href: true, alt_ignore: [/.*/], log_level: :error }
runner = HTMLProofer.check_directory(SITE_DIR, options)
runner.run
site = File.expand_path(SITE_DIR)
rows = runner.failures.map do |issue|
  kind, target = issue_kind_and_target(issue)
  line = issue.line.to_s[/\d+/].to_i
  region = REGIONS[[issue.path, line, target]] || 'unknown'
  path = File.expand_path(issue.path).delete_prefix("#{site}/")
  [path, line, region, kind, target, reason_of(issue.desc)].map { |v| clean(v) }
end.uniq.sort_by { |r| [r[0], r[1].to_i, r[4]] }
File.open(OUT_TSV, 'w') do |f|
  f.puts %w[html_path line region kind target reason].join("\t")
  rows.each { |r| f.puts r.join("\t") }
end
warn "proof.rb: #{rows.length} distinct failures (#{runner.failures.length} as reported)"
