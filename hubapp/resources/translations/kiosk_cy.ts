<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context>
    <name>kiosk</name>
    <message>
        <source>Start again</source>
        <translation>Dechrau eto</translation>
    </message>
    <message>
        <source>Clears everything on this screen and goes back to the start</source>
        <translation>Yn clirio popeth ar y sgrin hon ac yn mynd yn ôl i’r dechrau</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Cyferbyniad uchel</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Testun mwy</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Cofrestru</translation>
    </message>
    <message>
        <source>We will find you by the details you gave when you joined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your email address or phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One more thing, to be sure it is you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your date of birth, or your membership number if you prefer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membership number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Yn ôl</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nesaf</translation>
    </message>
    <message>
        <source>Find me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is nothing to check in to here today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please type your email address or phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please give the day, month and year, like 14 3 1962.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please give your date of birth or your membership number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch a meeting or event to check in to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We could not find you with those details. Check them, or ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sorry, that did not work. Please ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Very bad</source>
        <translation>Gwael iawn</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>Gwael</translation>
    </message>
    <message>
        <source>All right</source>
        <translation>Iawn</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Da</translation>
    </message>
    <message>
        <source>Very good</source>
        <translation>Da iawn</translation>
    </message>
    <message>
        <source>This hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A public body, like the council</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A charity or voluntary body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your comment (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please leave out names, phone numbers and email addresses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are none listed here yet. Go back to choose something else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you for telling us. We read everything people say.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Anfon</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Yn ôl i’r dechrau</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>Diolch</translation>
    </message>
    <message>
        <source>How was %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How was it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What would you like to tell us about?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You do not need to give your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which one?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was it mostly about?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch one if you like, or just press Next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anything else you would like to say?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can leave this empty and press Send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sorry, that did not work. Please try again or ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Dydd Llun</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Dydd Mawrth</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Dydd Mercher</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Dydd Iau</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Dydd Gwener</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Dydd Sadwrn</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Dydd Sul</translation>
    </message>
    <message>
        <source>Mornings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afternoons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evenings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I can only do things from home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to 1 mile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to 3 miles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to 5 miles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to 10 miles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to 20 miles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have a car or a lift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I need step-free access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I am under 18</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I speak Welsh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times of day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What do you enjoy, or want to try?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose as many as you like.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When are you free?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose days, times of day, or both. Leave them empty if any time suits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far can you get to?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We use this to put nearer things first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anything we should know?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose any that apply, or none. We do not keep these answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your postcode, or its first half</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Things you might like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The best matches come first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change my answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is listed yet. Ask at the desk: there may be more going on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How can the organiser reach you?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We will pass this to the organiser of %1 only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please type your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please give an email address or a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We have told the organiser of %1. They will get in touch with you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I’m interested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tell the organiser of %1 you are interested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Cam %1 o %2</translation>
    </message>
    <message>
        <source>Choose any you are happy with, or none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is your name?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How can we reach you?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give an email address, a phone number, or both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What are you interested in?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose as many as you like, or none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which language would you like us to use?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How we look after your details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How may we keep in touch?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups and photographs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Ymuno</translation>
    </message>
    <message>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It helps us find things near you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the next two screens, you choose what we may do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please type your first name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you, %1!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have joined. Your membership number is %1: you can use it to check in next time. We will only get in touch in the ways you chose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Ydych chi dal yma?</translation>
    </message>
    <message>
        <source>To keep your details private, this screen will start again in 1 second.</source>
        <translation>Er mwyn cadw eich manylion yn breifat, bydd y sgrin hon yn dechrau eto ymhen 1 eiliad.</translation>
    </message>
    <message>
        <source>To keep your details private, this screen will start again in %1 seconds.</source>
        <translation>Er mwyn cadw eich manylion yn breifat, bydd y sgrin hon yn dechrau eto ymhen %1 eiliad.</translation>
    </message>
    <message>
        <source>Carry on</source>
        <translation>Parhau</translation>
    </message>
    <message>
        <source>Start again now</source>
        <translation>Dechrau eto nawr</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>Staff yn unig</translation>
    </message>
    <message>
        <source>To leave kiosk mode, enter your staff user name and PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Enter a staff user name and a PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN could not be checked. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That did not match. Wait %1 seconds, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to %1</source>
        <translation>Croeso i %1</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Croeso</translation>
    </message>
    <message>
        <source>What would you like to do? Touch a choice.</source>
        <translation>Beth hoffech chi ei wneud? Cyffyrddwch â dewis.</translation>
    </message>
    <message>
        <source>Hear about groups and things to do.</source>
        <translation>Clywed am grwpiau a phethau i’w gwneud.</translation>
    </message>
    <message>
        <source>Find something to do</source>
        <translation>Dod o hyd i rywbeth i’w wneud</translation>
    </message>
    <message>
        <source>Volunteering, groups and activities.</source>
        <translation>Gwirfoddoli, grwpiau a gweithgareddau.</translation>
    </message>
    <message>
        <source>Tell us what you think</source>
        <translation>Dywedwch wrthym beth yw eich barn</translation>
    </message>
    <message>
        <source>Quick, and no name needed.</source>
        <translation>Cyflym, a dim angen enw.</translation>
    </message>
    <message>
        <source>To a meeting or event today.</source>
        <translation>I gyfarfod neu ddigwyddiad heddiw.</translation>
    </message>
</context>
</TS>
